package dev.meridian.edge.cache;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * One level of a POP's cache (memory, disk). Keys are from {@link CacheKeys}: every key starts with
 * the canonical URL it belongs to. Implementations are thread-safe and bounded; they may evict at
 * any time. {@link #lookup} of a slower tier may block and is only called from worker threads;
 * the memory tier's never blocks.
 */
public interface CacheTier extends AutoCloseable {
    /** A short name for metrics and logs ("memory", "disk"). */
    String name();

    /** The entry stored under key, or null. */
    CacheEntry lookup(String key);

    /**
     * The entry stored under key if it can be had without blocking (no file I/O: already in memory),
     * else null, in which case {@link #lookup} may still find it. Safe on I/O threads.
     */
    default CacheEntry peekResident(String key) {
        return null;
    }

    void store(String key, CacheEntry entry);

    void remove(String key);

    /** Visits every key currently stored (weakly consistent); for purge and diagnostics. */
    void forEachKey(Consumer<String> action);

    /**
     * Removes every key in a range (a purged URL, URL prefix or host); returns how many. Tiers keep
     * their keys sorted so this costs time in proportion to the matches, not to what they hold.
     */
    int removeRange(KeyRange range);

    /**
     * The keys in {@code within} whose responses carry {@code tag} (see {@link TagIndex}); costs time in
     * proportion to the matches. May block on slower tiers' indexes only as long as a map read.
     */
    default List<String> keysTagged(String tag, KeyRange within) {
        return List.of();
    }

    /** Soft purge: responses in the range must be revalidated before they are served again. */
    int markStale(KeyRange range);

    /**
     * Starts storing a response whose body is too large to hold whole, as it streams; empty when this
     * tier does not take such bodies. {@code head} carries status, headers and times, no body.
     */
    default Optional<StreamingStore> openStream(String key, CachedResponse head) {
        return Optional.empty();
    }

    /**
     * Bytes the entry under key takes in this tier (what keeping it costs), or -1 when the tier holds
     * none. Does not count as an access.
     */
    default long storedBytes(String key) {
        return -1;
    }

    /**
     * Visits every key this tier keeps across a restart, with its {@link #storedBytes}, least valuable
     * first (the tier's eviction order); a tier that keeps nothing across a restart visits nothing.
     * For rebuilding what is derived from the stored keys (the rendition quota accounting) when a POP
     * starts.
     */
    default void forEachPersisted(ObjLongConsumer<String> action) {
    }

    /**
     * Tells {@code evicted} of each key this tier drops on its own to make room (not one removed,
     * replaced or purged), on the thread that caused the eviction, possibly under the tier's locks:
     * it must be quick and must not call back into the cache. Replaces an earlier listener.
     */
    default void onEvicted(Consumer<String> evicted) {
    }

    long entryCount();

    /** Bytes held, as weighed by {@link CacheEntry#weight()}. */
    long weightedSize();

    @Override
    default void close() {
    }
}
