package dev.meridian.edge.cache.disk;

import dev.meridian.edge.cache.KeyRange;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 *       served (a large object's mapping, kept while it is hot, was checked when it was made);
 *       files a crash left behind are reclaimed by the {@link LeftoverSweep} at the next start.
 *   <li>Failure: a store that cannot open (directory not writable, locked by another process)
 *       is {@linkplain #available() unavailable} and every call is a miss or a no-op; a write that
 *       fails pauses writes for a while ({@link DiskHealth}). Neither ever throws at the caller.
 *   <li>Layout ({@link StoreLayout}): {@code objects/xx/<16 hex digit id>}, 256 directories so none
 *       grows huge. Ids only grow, and start each run above the clock ({@code millis * 1024}), so
 *       an object file left behind by a crash can never be mistaken for a newer one.
 * </ul>
 *
 * <p>The store is one of two states ({@link StoreState}): {@link OpenStore}, which does the work,
 * or {@link UnavailableStore}, which answers every call as a miss or a refusal. Each call goes to
 * the current state, so nothing here checks for a disk that is not there.
 */
public final class DiskStore implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DiskStore.class);

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
    private volatile StoreState state;

    private DiskStore(Settings settings, StoreState state) {
        this.settings = settings;
        this.state = state;
    }

    /**
     * Opens (or creates) the store. Never throws: a store that cannot be used is returned
     * unavailable, with the reason logged, so the POP starts and serves from memory and origin.
     */
    public static DiskStore open(Settings settings) {
        try {
            return new DiskStore(settings, OpenStore.open(settings));
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof OpenStore.Locked ? e.getMessage() : e.toString();
            log.error("disk cache {} unavailable: {}; the POP serves from memory and origin only", settings.dir(), reason);
            return new DiskStore(settings, UnavailableStore.neverOpened(reason));
        }
    }

    public boolean available() {
        return state.unavailableReason().isEmpty();
    }

    /** Why the store is unavailable, if it is. */
    public Optional<String> unavailableReason() {
        return state.unavailableReason();
    }

    public long maxObjectSize() {
        return settings.maxObjectSize();
    }

    /**
     * The verified object stored under a key, or empty. A file that fails verification is removed
     * and logged; the caller just sees a miss.
     */
    public Optional<DiskObject> get(String key) {
        return state.get(key);
    }

    /**
     * The object if its verified mapping is kept and every page of it is in memory, so no file I/O
     * is needed: callable on an I/O thread. Empty otherwise ({@link #get} may still find it), and
     * then nothing is counted.
     */
    public Optional<DiskObject> getResident(String key) {
        return state.getResident(key);
    }

    /** Whether a key is stored, without reading it or counting an access. */
    public boolean contains(String key) {
        return state.contains(key);
    }

    /**
     * Starts writing an object, or empty when the disk tier is unavailable or paused after errors.
     * {@code meta} is stored beside the body and returned with it; {@code tags} go to the index (and
     * its log), for {@link #keysTagged}.
     */
    public Optional<DiskObjectWriter> writer(String key, byte[] meta, List<String> tags) {
        return state.writer(key, meta, tags);
    }

    /**
     * Deletes every object in a range; returns how many there were. The removals are in the log
     * before this returns (a purged object must not come back after a crash); the files are
     * unlinked in the background ({@link UnlinkQueue}), so a purge costs index work and one log write.
     */
    public int remove(KeyRange range) {
        return state.remove(range);
    }

    /** The keys in {@code within} whose objects carry {@code tag}; reads no file. */
    public List<String> keysTagged(String tag, KeyRange within) {
        return state.keysTagged(tag, within);
    }

    /** Marks every object in a range stale (soft purge); returns how many there were. */
    public int markStale(KeyRange range) {
        return state.markStale(range);
    }

    /** Visits every stored key in order (weakly consistent). */
    public void forEachKey(Consumer<String> action) {
        state.forEachKey(action);
    }

    /**
     * Visits every stored key with the size of its file, least valuable first (the order eviction
     * would take them: recency and frequency, restored across restarts by the index log); reads no file.
     */
    public void forEachEntry(ObjLongConsumer<String> action) {
        state.forEachEntry(action);
    }

    /** The size of the file stored under key, or -1; reads no file and does not count as an access. */
    public long storedBytes(String key) {
        return state.storedBytes(key);
    }

    public Stats stats() {
        return state.stats();
    }

    /** Runs pending evictions now (tests and the size gauge want an exact figure). */
    public void cleanUp() {
        state.cleanUp();
    }

    /** Tells {@code listener} of each key evicted to make room (see {@code CacheTier#onEvicted}). */
    public void onEvicted(Consumer<String> listener) {
        state.onEvicted(listener);
    }

    /** The file holding a key's object, or null: for diagnostics and tests. */
    Path fileOf(String key) {
        return state.fileOf(key);
    }

    /**
     * Rewrites the log from the live index (so the next start replays one record per object, in
     * recency order) and releases the directory. Calls from then on find the store unavailable.
     */
    @Override
    public synchronized void close() {
        StoreState closing = state;
        state = closing.closed();
        closing.release();
    }

    @Override
    public String toString() {
        return "DiskStore[" + settings.dir() + state.unavailableReason().map(r -> ", unavailable: " + r).orElse("") + "]";
    }
}
