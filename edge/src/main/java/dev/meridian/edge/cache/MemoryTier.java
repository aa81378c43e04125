package dev.meridian.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The memory tier: Caffeine bounded by the weight (bytes) of what it holds, and beside it its keys
 * in URL order and by tag, so a purge visits only what it matches.
 */
public final class MemoryTier implements CacheTier {
    private final Cache<String, CacheEntry> cache;
    private final ConcurrentSkipListMap<String, CacheEntry> sorted = new ConcurrentSkipListMap<>();
    private final TagIndex<CacheEntry> tags = new TagIndex<>();
    private volatile Consumer<String> evicted = key -> {
    };

    private final long maxBytes;

    public MemoryTier(long maxBytes) {
        this.maxBytes = maxBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, CacheEntry entry) -> entry.weight() + 2 * key.length())
                // Conditional: a key that was stored again meanwhile keeps its newer entry in the index.
                .removalListener((String key, CacheEntry entry, RemovalCause cause) -> {
                    sorted.remove(key, entry);
                    tags.remove(key, entry, tagsOf(entry));
                    if (cause == RemovalCause.SIZE) {
                        evicted.accept(key);
                    }
                })
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** The weight it holds at most. */
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public CacheEntry lookup(String key) {
        return cache.getIfPresent(key);
    }

    @Override
    public void store(String key, CacheEntry entry) {
        // Under the key's lock, so the cache and the index agree on which entry won.
        cache.asMap().compute(key, (k, old) -> {
            sorted.put(k, entry);
            tags.add(k, entry, tagsOf(entry));
            return entry;
        });
    }

    @Override
    public int removeRange(KeyRange range) {
        int n = 0;
        for (var e : sorted.subMap(range.from(), true, range.to(), false).entrySet()) {
            if (cache.asMap().remove(e.getKey(), e.getValue())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int markStale(KeyRange range) {
        int n = 0;
        for (String key : sorted.subMap(range.from(), true, range.to(), false).keySet()) {
            CacheEntry marked = cache.asMap().computeIfPresent(key, (k, e) -> {
                CacheEntry next = e instanceof CachedResponse r ? r.softPurged() : e;
                sorted.put(k, next);
                tags.add(k, next, tagsOf(next));
                return next;
            });
            if (marked instanceof CachedResponse) {
                n++;
            }
        }
        return n;
    }

    private static List<String> tagsOf(CacheEntry e) {
        return e instanceof CachedResponse r ? r.tags() : List.of();
    }

    @Override
    public List<String> keysTagged(String tag, KeyRange within) {
        return tags.keys(tag, within);
    }

    @Override
    public void remove(String key) {
        cache.invalidate(key);
    }

    @Override
    public void onEvicted(Consumer<String> listener) {
        this.evicted = listener;
    }

    @Override
    public long storedBytes(String key) {
        // Through the map view: not a lookup, so the hit ratio stays about requests.
        CacheEntry e = cache.asMap().get(key);
        return e == null ? -1 : e.weight();
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        cache.asMap().keySet().forEach(action);
    }

    @Override
    public long entryCount() {
        return cache.estimatedSize();
    }

    @Override
    public long weightedSize() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** Share of lookups answered since start (0 when nothing was looked up yet). */
    public double hitRatio() {
        return cache.stats().hitRate();
    }

    /** Evicts what is pending now; Caffeine otherwise does this lazily, which tests should not wait on. */
    public void cleanUp() {
        cache.cleanUp();
    }
}
