package dev.meridian.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Consumer;

/** The memory tier: Caffeine bounded by the weight (bytes) of what it holds. */
public final class MemoryTier implements CacheTier {
    private final Cache<String, CacheEntry> cache;

    public MemoryTier(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, CacheEntry entry) -> entry.weight() + 2 * key.length())
                .recordStats()
                .build();
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
        cache.put(key, entry);
    }

    @Override
    public void remove(String key) {
        cache.invalidate(key);
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
