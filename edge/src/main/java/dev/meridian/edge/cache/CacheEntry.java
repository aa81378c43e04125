package dev.meridian.edge.cache;

/**
 * What a cache tier stores under a key: a response, or (under a URL whose responses vary) the
 * index naming the request headers that select among its variants.
 */
public sealed interface CacheEntry permits CachedResponse, VaryIndex {
    /** Approximate bytes this entry holds, for weighing tiers. */
    int weight();
}
