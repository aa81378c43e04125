package dev.meridian.edge.cache.disk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.edge.cache.KeyRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DiskStore} that opened: it holds the directory's lock, the index log open for appending,
 * the index replayed from it, and the janitor thread that unlinks removed files
 * ({@link UnlinkQueue}), sweeps leftovers of earlier runs ({@link LeftoverSweep}) and compacts the
 * log ({@link LogCompaction}). Every field is set once it opens; {@link #release} lets go of them.
 */
final class OpenStore implements StoreState {
    private static final Logger log = LoggerFactory.getLogger(OpenStore.class);
    /**
     * Address space kept mapped for recently read large objects. Only a bound on mappings: the bytes
     * live in the kernel's page cache either way.
     */
    static final long MAPPED_BYTES = 1L << 30;

    private final DiskStore.Settings settings;
    private final String name;
    private final StoreLayout layout;
    private final FileChannel lockChannel;
    private final IndexJournal journal;
    private final DiskIndex index;
    private final AtomicLong nextId;
    private final DiskHealth health;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    /**
     * Verified mappings of large objects read recently, by index entry, so a hot object costs no
     * open, read, map, checksum and unmap per hit (nginx's open_file_cache keeps descriptors the same
     * way). An entry is valid exactly while the index maps its key to that same entry: a replaced,
     * removed or evicted object is a new entry or none, so a stale mapping is never found.
     */
    private final Cache<DiskEntry, DiskObject.Kept> mapped = Caffeine.newBuilder()
            .maximumWeight(MAPPED_BYTES)
            .weigher((DiskEntry e, DiskObject.Kept k) -> (int) Math.min(Integer.MAX_VALUE, e.fileSize))
            .executor(Runnable::run)
            .build();
    private final ExecutorService janitor;
    private final UnlinkQueue unlinks;
    private final LogCompaction compaction;
    /** Set as the store closes: writers still in flight and the janitor's sweep then stop. */
    private volatile boolean closed;
    private volatile Consumer<String> evicted = key -> {
    };

    /**
     * Takes the directory's lock, replays the index log and starts the sweep of leftovers.
     *
     * @throws Locked when another store holds the directory
     */
    static OpenStore open(DiskStore.Settings settings) throws IOException {
        long started = System.nanoTime();
        StoreLayout layout = new StoreLayout(settings.dir());
        layout.createTopDirectories();
        FileChannel lockChannel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        IndexJournal journal = null;
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new Locked("in use by another store (lock " + layout.lockFile() + " is held)");
            }
            layout.createObjectDirectories();
            IndexJournal.Replay[] replay = new IndexJournal.Replay[1];
            journal = IndexJournal.open(layout.indexLog(), replay);
            return new OpenStore(settings, layout, lockChannel, journal, replay[0], started);
        } catch (IOException | RuntimeException e) {
            QuietFiles.close(journal);
            // Closing the channel releases the lock with it.
            QuietFiles.close(lockChannel);
            throw e;
        }
    }

    private OpenStore(DiskStore.Settings settings, StoreLayout layout, FileChannel lockChannel, IndexJournal journal,
                      IndexJournal.Replay replay, long started) {
        long replayed = System.nanoTime();
        this.settings = settings;
        this.name = settings.dir().toString();
        this.layout = layout;
        this.lockChannel = lockChannel;
        this.journal = journal;
        this.health = new DiskHealth(name, settings.writeBackoff(), System::nanoTime);
        this.janitor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "disk-janitor-" + settings.dir().getFileName());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.unlinks = new UnlinkQueue(layout, janitor);
        long seed = Math.max(replay.maxFileId() + 1, System.currentTimeMillis() * 1024);
        this.nextId = new AtomicLong(seed);
        this.index = new DiskIndex(DiskEntry.blocksIn(settings.maxBytes()), this::removed);
        this.compaction = new LogCompaction(name, journal, index, janitor, health);
        List<DiskEntry> entries = new ArrayList<>(replay.live().values());
        replay.live().clear();
        long[] live = new long[entries.size()];
        int i = 0;
        long total = 0;
        for (DiskEntry e : entries) {
            live[i++] = e.fileId;
            total += e.fileSize;
        }
        bytes.addAndGet(total);
        index.load(entries);
        index.cleanUp();
        Arrays.sort(live);
        if (replay.tornTail()) {
            log.warn("disk cache {}: the index log ended in a torn record (an earlier crash); cut it off, "
                    + "objects written after it are reclaimed", name);
        }
        log.info("disk cache {}: {} objects, {} MB of {} MB, loaded in {} ms (log replay {} ms)", name, index.size(),
                bytes.get() >> 20, settings.maxBytes() >> 20, (System.nanoTime() - started) / 1_000_000,
                (replayed - started) / 1_000_000);
        new LeftoverSweep(name, layout, live, seed, janitor, () -> closed).start();
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Optional<DiskObject> get(String key) {
        DiskEntry e = index.get(key);
        if (e == null) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        DiskObject.Kept known = mapped.getIfPresent(e);
        if (known != null) {
            hits.incrementAndGet();
            return Optional.of(new DiskObject(key, known, e.stale));
        }
        try (FileChannel ch = FileChannel.open(layout.objectFile(e.fileId), StandardOpenOption.READ)) {
            ObjectFile.Verified v = ObjectFile.verify(ch, key, e.fileSize);
            DiskObject.Kept read = new DiskObject.Kept(v);
            if (v.mapping() != null) {
                mapped.put(e, read);
            }
            hits.incrementAndGet();
            return Optional.of(new DiskObject(key, read, e.stale));
        } catch (NoSuchFileException x) {
            log.warn("disk cache {}: object file of {} is missing; removed from the index, treated as a miss", name, key);
            drop(e);
        } catch (ObjectFile.Corrupt x) {
            corrupt.incrementAndGet();
            log.warn("disk cache {}: object file {} of {} is corrupt ({}); removed, treated as a miss",
                    name, layout.objectFile(e.fileId), key, x.getMessage());
            drop(e);
        } catch (IOException x) {
            log.error("disk cache {}: reading {} failed ({}); treated as a miss", name, key, x.toString());
        }
        misses.incrementAndGet();
        return Optional.empty();
    }

    @Override
    public Optional<DiskObject> getResident(String key) {
        DiskEntry e = index.peek(key);
        DiskObject.Kept known = e == null ? null : mapped.getIfPresent(e);
        if (known == null || !known.resident() || index.get(key) != e) {
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(new DiskObject(key, known, e.stale));
    }

    @Override
    public boolean contains(String key) {
        return index.peek(key) != null;
    }

    @Override
    public Optional<DiskObjectWriter> writer(String key, byte[] meta, List<String> tags) {
        if (!health.writable() || meta.length > ObjectFile.MAX_META) {
            return Optional.empty();
        }
        long id = nextId.getAndIncrement();
        Path temp = layout.tempFile(id);
        WritableByteChannel ch = null;
        try {
            ch = settings.files().createTemp(temp);
            ByteBuffer header = ObjectFile.header(key, meta);
            int headerBytes = header.remaining();
            while (header.hasRemaining()) {
                ch.write(header);
            }
            return Optional.of(new DiskObjectWriter(this, key, tags, id, temp, ch, headerBytes, settings.maxObjectSize()));
        } catch (IOException e) {
            QuietFiles.close(ch);
            QuietFiles.delete(temp);
            writeFailed("starting " + key, e);
            return Optional.empty();
        }
    }

    @Override
    public int remove(KeyRange range) {
        List<DiskEntry> matched = new ArrayList<>(index.range(range));
        if (matched.isEmpty()) {
            return 0;
        }
        try {
            journal.deleteAll(matched.stream().mapToLong(e -> e.fileId).toArray());
        } catch (IOException x) {
            writeFailed("logging a purge (purged objects may reappear after a restart)", x);
        }
        int n = 0;
        for (DiskEntry e : matched) {
            if (index.remove(e)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int markStale(KeyRange range) {
        int n = 0;
        for (DiskEntry e : index.range(range)) {
            n++;
            if (!e.stale) {
                e.stale = true;
                try {
                    journal.stale(e.fileId);
                } catch (IOException x) {
                    writeFailed("recording a soft purge", x);
                }
            }
        }
        return n;
    }

    @Override
    public List<String> keysTagged(String tag, KeyRange within) {
        return index.tagged(tag, within);
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        index.range(KeyRange.prefix("")).forEach(e -> action.accept(e.key));
    }

    @Override
    public void forEachEntry(ObjLongConsumer<String> action) {
        index.coldestFirst().forEach(e -> action.accept(e.key, e.fileSize));
    }

    @Override
    public long storedBytes(String key) {
        DiskEntry e = index.peek(key);
        return e == null ? -1 : e.fileSize;
    }

    @Override
    public DiskStore.Stats stats() {
        return new DiskStore.Stats(true, health.degraded(), index.size(), bytes.get(), hits.get(), misses.get(),
                corrupt.get(), health.writeErrors());
    }

    @Override
    public void cleanUp() {
        index.cleanUp();
    }

    @Override
    public void onEvicted(Consumer<String> listener) {
        this.evicted = listener;
    }

    @Override
    public Path fileOf(String key) {
        DiskEntry e = index.peek(key);
        return e == null ? null : layout.objectFile(e.fileId);
    }

    /** Makes a finished object visible: renamed into place, then logged, then indexed. */
    boolean publish(DiskObjectWriter w, long fileId, Path temp, long fileSize, BooleanSupplier stillWanted) {
        if (closed) {
            QuietFiles.delete(temp);
            return false;
        }
        Path target = layout.objectFile(fileId);
        try {
            settings.files().publish(temp, target);
        } catch (IOException e) {
            QuietFiles.delete(temp);
            writeFailed("publishing " + w.key(), e);
            return false;
        }
        DiskEntry e = new DiskEntry(w.key(), fileId, fileSize, false, w.tags());
        try {
            // Logged before it is indexed, so the log never holds a removal before its PUT.
            journal.put(e);
        } catch (IOException x) {
            QuietFiles.delete(target);
            writeFailed("logging " + w.key(), x);
            return false;
        }
        bytes.addAndGet(fileSize);
        index.put(e);
        health.writeSucceeded();
        compaction.maybeCompact();
        if (!stillWanted.getAsBoolean()) {
            index.remove(e);
            return false;
        }
        return true;
    }

    void writeFailed(String what, Exception e) {
        health.writeFailed(what, e);
    }

    /**
     * After an entry left the index (evicted, replaced, purged, found corrupt): log it unless the
     * remover already did, and unlink its file in the background.
     */
    private void removed(DiskEntry e, boolean explicit, boolean evictedForRoom) {
        if (evictedForRoom) {
            evicted.accept(e.key);
        }
        mapped.invalidate(e);
        bytes.addAndGet(-e.fileSize);
        if (!explicit && !closed) {
            try {
                journal.delete(e.fileId);
            } catch (IOException x) {
                writeFailed("logging a removal", x);
            }
        }
        unlinks.add(e.fileId);
    }

    private void drop(DiskEntry e) {
        try {
            journal.delete(e.fileId);
        } catch (IOException x) {
            writeFailed("logging a removal", x);
        }
        index.remove(e);
    }

    @Override
    public StoreState closed() {
        DiskStore.Stats s = stats();
        return new UnavailableStore(UnavailableStore.CLOSED, new DiskStore.Stats(false, s.degraded(), 0, s.bytes(), s.hits(),
                s.misses(), s.corrupt(), s.writeErrors()));
    }

    /**
     * Stops the janitor, unlinks what is queued, rewrites the log from the live index (so the next
     * start replays one record per object, in recency order) and releases the directory.
     */
    @Override
    public void release() {
        closed = true;
        janitor.shutdownNow();
        try {
            janitor.awaitTermination(10, TimeUnit.SECONDS);
            unlinks.drain();
            journal.rewrite(index.coldestFirst());
        } catch (IOException e) {
            log.warn("disk cache {}: could not rewrite the index log at shutdown ({}); the next start replays the full log",
                    name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        QuietFiles.close(journal);
        QuietFiles.close(lockChannel);
    }

    /** Another store holds the directory's lock. */
    static final class Locked extends IOException {
        Locked(String message) {
            super(message);
        }
    }
}
