package dev.meridian.edge.cache.disk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.edge.cache.KeyRange;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POP's disk tier: objects in their own files under one directory, an index in memory rebuilt at
 * start from an append-only log, a byte bound enforced by eviction.
 *
 * <ul>
 *   <li>Crash safety: an object is written to {@code tmp/}, then renamed into {@code objects/};
 *       its PUT record goes to the log only after the rename. Every read of a file re-checks
 *       length and CRC32C, so whatever a crash or a bad disk leaves behind is a logged miss, never
 *       served (a large object's mapping, kept while it is hot, was checked when it was made).
 *   <li>Failure: a store that cannot open (directory not writable, locked by another process)
 *       is {@linkplain #available() unavailable} and every call is a miss or a no-op; a write that
 *       fails pauses writes for a while ({@link DiskHealth}). Neither ever throws at the caller.
 *   <li>Layout: {@code objects/xx/<16 hex digit id>}, 256 directories so none grows huge. Ids only
 *       grow, and start each run above the clock ({@code millis * 1024}), so an object file
 *       left behind by a crash can never be mistaken for a newer one.
 * </ul>
 */
public final class DiskStore implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DiskStore.class);
    private static final int FANOUT = 256;
    /**
     * Address space kept mapped for recently read large objects. Only a bound on mappings: the bytes
     * live in the kernel's page cache either way.
     */
    static final long MAPPED_BYTES = 1L << 30;

    /**
     * How a store is opened. {@code files} and {@code writeBackoff} exist for tests that simulate a
     * failing disk; production uses {@link #of}.
     */
    public record Settings(Path dir, long maxBytes, long maxObjectSize, StoreFiles files, Duration writeBackoff) {
        public static Settings of(Path dir, long maxBytes, long maxObjectSize) {
            return new Settings(dir, maxBytes, maxObjectSize, StoreFiles.DEFAULT, Duration.ofSeconds(10));
        }

        public Settings withFiles(StoreFiles f) {
            return new Settings(dir, maxBytes, maxObjectSize, f, writeBackoff);
        }

        public Settings withWriteBackoff(Duration d) {
            return new Settings(dir, maxBytes, maxObjectSize, files, d);
        }
    }

    /** Counters for metrics and the admin status. */
    public record Stats(boolean available, boolean degraded, long objects, long bytes, long hits, long misses,
                        long corrupt, long writeErrors) {
    }

    private final Settings settings;
    private final String name;
    private final String unavailableReason;
    private final Path objects;
    private final Path tmp;
    private final DiskHealth health;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicBoolean compacting = new AtomicBoolean();
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
    /** Files of removed entries; the queue holds at most one id per object the store ever held at once. */
    private final ConcurrentLinkedQueue<Long> unlinkQueue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean unlinkScheduled = new AtomicBoolean();
    private final ExecutorService janitor;
    private FileChannel lockChannel;
    private FileLock lock;
    private IndexJournal journal;
    private DiskIndex index;
    private AtomicLong nextId;
    private volatile boolean closed;
    private volatile Consumer<String> evicted = key -> {
    };

    private DiskStore(Settings settings, String unavailableReason) {
        this.settings = settings;
        this.name = settings.dir().toString();
        this.unavailableReason = unavailableReason;
        this.objects = settings.dir().resolve("objects");
        this.tmp = settings.dir().resolve("tmp");
        this.health = new DiskHealth(name, settings.writeBackoff(), System::nanoTime);
        this.janitor = unavailableReason != null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "disk-janitor-" + settings.dir().getFileName());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /**
     * Opens (or creates) the store. Never throws: a store that cannot be used is returned
     * unavailable, with the reason logged, so the POP starts and serves from memory and origin.
     */
    public static DiskStore open(Settings settings) {
        DiskStore store = new DiskStore(settings, null);
        try {
            store.load();
            return store;
        } catch (IOException | RuntimeException e) {
            store.releaseQuietly();
            String reason = e instanceof StoreLocked ? e.getMessage() : e.toString();
            log.error("disk cache {} unavailable: {}; the POP serves from memory and origin only", settings.dir(), reason);
            return new DiskStore(settings, reason);
        }
    }

    private void load() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(objects);
        Files.createDirectories(tmp);
        Path lockFile = settings.dir().resolve("lock");
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new StoreLocked("in use by another store (lock " + lockFile + " is held)");
        }
        for (int i = 0; i < FANOUT; i++) {
            Files.createDirectories(objects.resolve(String.format("%02x", i)));
        }
        IndexJournal.Replay[] replay = new IndexJournal.Replay[1];
        journal = IndexJournal.open(settings.dir().resolve("index.log"), replay);
        long replayed = System.nanoTime();
        long seed = Math.max(replay[0].maxFileId() + 1, System.currentTimeMillis() * 1024);
        nextId = new AtomicLong(seed);
        index = new DiskIndex(DiskEntry.blocksIn(settings.maxBytes()), this::removed);
        List<DiskEntry> entries = new ArrayList<>(replay[0].live().values());
        replay[0].live().clear();
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
        if (replay[0].tornTail()) {
            log.warn("disk cache {}: the index log ended in a torn record (an earlier crash); cut it off, "
                    + "objects written after it are reclaimed", name);
        }
        log.info("disk cache {}: {} objects, {} MB of {} MB, loaded in {} ms (log replay {} ms)", name, index.size(),
                bytes.get() >> 20, settings.maxBytes() >> 20, (System.nanoTime() - started) / 1_000_000,
                (replayed - started) / 1_000_000);
        janitor.execute(() -> sweep(live, seed, -1, 0));
    }

    public boolean available() {
        return unavailableReason == null && !closed;
    }

    /** Why the store is unavailable, if it is. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    public long maxObjectSize() {
        return settings.maxObjectSize();
    }

    /**
     * The verified object stored under a key, or empty. A file that fails verification is removed
     * and logged; the caller just sees a miss.
     */
    public Optional<DiskObject> get(String key) {
        if (!available()) {
            return Optional.empty();
        }
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
        try (FileChannel ch = FileChannel.open(path(e.fileId), StandardOpenOption.READ)) {
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
                    name, path(e.fileId), key, x.getMessage());
            drop(e);
        } catch (IOException x) {
            log.error("disk cache {}: reading {} failed ({}); treated as a miss", name, key, x.toString());
        }
        misses.incrementAndGet();
        return Optional.empty();
    }

    /**
     * The object if its verified mapping is kept and every page of it is in memory, so no file I/O
     * is needed: callable on an I/O thread. Empty otherwise ({@link #get} may still find it), and
     * then nothing is counted.
     */
    public Optional<DiskObject> getResident(String key) {
        DiskEntry e = available() ? index.peek(key) : null;
        DiskObject.Kept known = e == null ? null : mapped.getIfPresent(e);
        if (known == null || !known.resident() || index.get(key) != e) {
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(new DiskObject(key, known, e.stale));
    }

    /** Whether a key is stored, without reading it or counting an access. */
    public boolean contains(String key) {
        return available() && index.peek(key) != null;
    }

    /**
     * Starts writing an object, or empty when the disk tier is unavailable or paused after errors.
     * {@code meta} is stored beside the body and returned with it.
     */
    public Optional<DiskObjectWriter> writer(String key, byte[] meta) {
        if (!available() || !health.writable() || meta.length > ObjectFile.MAX_META) {
            return Optional.empty();
        }
        long id = nextId.getAndIncrement();
        Path temp = tmp.resolve(Long.toHexString(id) + ".tmp");
        WritableByteChannel ch = null;
        try {
            ch = settings.files().createTemp(temp);
            ByteBuffer header = ObjectFile.header(key, meta);
            int headerBytes = header.remaining();
            while (header.hasRemaining()) {
                ch.write(header);
            }
            return Optional.of(new DiskObjectWriter(this, key, id, temp, ch, headerBytes, settings.maxObjectSize()));
        } catch (IOException e) {
            closeQuietly(ch);
            deleteQuietly(temp);
            writeFailed("starting " + key, e);
            return Optional.empty();
        }
    }

    /**
     * Deletes every object in a range; returns how many there were. The removals are in the log
     * before this returns (a purged object must not come back after a crash); the files are
     * unlinked in the background, so a purge costs index work and one log write.
     */
    public int remove(KeyRange range) {
        if (!available()) {
            return 0;
        }
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

    /** Marks every object in a range stale (soft purge); returns how many there were. */
    public int markStale(KeyRange range) {
        if (!available()) {
            return 0;
        }
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

    /** Visits every stored key in order (weakly consistent). */
    public void forEachKey(Consumer<String> action) {
        if (available()) {
            index.range(KeyRange.prefix("")).forEach(e -> action.accept(e.key));
        }
    }

    /**
     * Visits every stored key with the size of its file, least valuable first (the order eviction
     * would take them: recency and frequency, restored across restarts by the index log); reads no file.
     */
    public void forEachEntry(ObjLongConsumer<String> action) {
        if (available()) {
            index.coldestFirst().forEach(e -> action.accept(e.key, e.fileSize));
        }
    }

    /** The size of the file stored under key, or -1; reads no file and does not count as an access. */
    public long storedBytes(String key) {
        DiskEntry e = available() ? index.peek(key) : null;
        return e == null ? -1 : e.fileSize;
    }

    public Stats stats() {
        boolean up = available();
        return new Stats(up, health.degraded(), up ? index.size() : 0, bytes.get(), hits.get(), misses.get(),
                corrupt.get(), health.writeErrors());
    }

    /** Runs pending evictions now (tests and the size gauge want an exact figure). */
    public void cleanUp() {
        if (available()) {
            index.cleanUp();
        }
    }

    boolean publish(DiskObjectWriter w, long fileId, Path temp, long fileSize, BooleanSupplier stillWanted) {
        if (!available()) {
            deleteQuietly(temp);
            return false;
        }
        Path target = path(fileId);
        try {
            settings.files().publish(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            writeFailed("publishing " + w.key(), e);
            return false;
        }
        DiskEntry e = new DiskEntry(w.key(), fileId, fileSize, false);
        try {
            // Logged before it is indexed, so the log never holds a removal before its PUT.
            journal.put(e);
        } catch (IOException x) {
            deleteQuietly(target);
            writeFailed("logging " + w.key(), x);
            return false;
        }
        bytes.addAndGet(fileSize);
        index.put(e);
        health.writeSucceeded();
        maybeCompact();
        if (!stillWanted.getAsBoolean()) {
            index.remove(e);
            return false;
        }
        return true;
    }

    void writeFailed(String what, Exception e) {
        health.writeFailed(what, e);
    }

    /** Tells {@code listener} of each key evicted to make room (see {@code CacheTier#onEvicted}). */
    public void onEvicted(Consumer<String> listener) {
        this.evicted = listener;
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
        unlinkQueue.add(e.fileId);
        if (unlinkScheduled.compareAndSet(false, true)) {
            try {
                janitor.execute(this::unlinkRemoved);
            } catch (RejectedExecutionException x) {
                unlinkRemoved();
            }
        }
    }

    private void unlinkRemoved() {
        unlinkScheduled.set(false);
        Long id;
        while ((id = unlinkQueue.poll()) != null) {
            deleteQuietly(path(id));
        }
    }

    private void drop(DiskEntry e) {
        try {
            journal.delete(e.fileId);
        } catch (IOException x) {
            writeFailed("logging a removal", x);
        }
        index.remove(e);
    }

    private void maybeCompact() {
        if (journal.records() > 2 * index.size() + 100_000 && compacting.compareAndSet(false, true)) {
            janitor.execute(() -> {
                try {
                    rewriteLog();
                } finally {
                    compacting.set(false);
                }
            });
        }
    }

    private void rewriteLog() {
        try {
            long started = System.nanoTime();
            journal.rewrite(index.coldestFirst());
            log.info("disk cache {}: index log rewritten ({} objects) in {} ms", name, index.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            writeFailed("rewriting the index log", e);
        }
    }

    /**
     * Background cleanup of what a crash may leave: temporary files, and object files that made it
     * to {@code objects/} but not into the log. Only ids from before this run are candidates. One
     * directory per task, so unlinks of removed objects are not held up behind a long sweep.
     *
     * @param dirIndex -1 for {@code tmp/}, then each of the object directories
     */
    private void sweep(long[] liveAtStart, long firstIdOfThisRun, int dirIndex, long reclaimedSoFar) {
        if (closed) {
            return;
        }
        long reclaimed = reclaimedSoFar;
        try {
            reclaimed += dirIndex < 0 ? sweepDir(tmp, liveAtStart, firstIdOfThisRun, true)
                    : sweepDir(objects.resolve(String.format("%02x", dirIndex)), liveAtStart, firstIdOfThisRun, false);
        } catch (IOException e) {
            log.warn("disk cache {}: sweeping leftovers failed ({})", name, e.toString());
        }
        if (dirIndex + 1 < FANOUT) {
            long soFar = reclaimed;
            try {
                janitor.execute(() -> sweep(liveAtStart, firstIdOfThisRun, dirIndex + 1, soFar));
            } catch (RejectedExecutionException e) {
                // shutting down: the next start sweeps again
            }
        } else if (reclaimed > 0) {
            log.info("disk cache {}: reclaimed {} files left by an earlier run", name, reclaimed);
        }
    }

    private long sweepDir(Path dir, long[] live, long firstIdOfThisRun, boolean temporary) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (closed) {
                    break;
                }
                String file = f.getFileName().toString();
                long id;
                try {
                    id = Long.parseUnsignedLong(temporary ? file.replace(".tmp", "") : file, 16);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (id < firstIdOfThisRun && (temporary || Arrays.binarySearch(live, id) < 0)) {
                    deleteQuietly(f);
                    n++;
                }
            }
        }
        return n;
    }

    /** The file holding a key's object, or null: for diagnostics and tests. */
    Path fileOf(String key) {
        DiskEntry e = available() ? index.peek(key) : null;
        return e == null ? null : path(e.fileId);
    }

    Path path(long fileId) {
        return objects.resolve(String.format("%02x", fileId & (FANOUT - 1))).resolve(String.format("%016x", fileId));
    }

    /**
     * Rewrites the log from the live index (so the next start replays one record per object, in
     * recency order) and releases the directory.
     */
    @Override
    public void close() {
        if (!available()) {
            return;
        }
        closed = true;
        janitor.shutdownNow();
        try {
            janitor.awaitTermination(10, TimeUnit.SECONDS);
            unlinkRemoved();
            journal.rewrite(index.coldestFirst());
        } catch (IOException e) {
            log.warn("disk cache {}: could not rewrite the index log at shutdown ({}); the next start replays the full log",
                    name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseQuietly();
    }

    private void releaseQuietly() {
        closeQuietly(journal);
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        closeQuietly(lockChannel);
        if (janitor != null) {
            janitor.shutdownNow();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // nothing to do about a failed close of a file we are done with
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", p, e.toString());
        }
    }

    @Override
    public String toString() {
        return "DiskStore[" + name + (available() ? "" : ", unavailable: " + unavailableReason) + "]";
    }

    private static final class StoreLocked extends IOException {
        StoreLocked(String message) {
            super(message);
        }
    }
}
