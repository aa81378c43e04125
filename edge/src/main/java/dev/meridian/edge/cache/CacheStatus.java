package dev.meridian.edge.cache;

/** How the cache answered a request; sent to clients as {@code X-Cache}, counted and logged. */
public enum CacheStatus {
    /** Fresh stored response. */
    HIT,
    /** Nothing stored; filled from the origin. */
    MISS,
    /** A stale stored response served (stale-while-revalidate or stale-if-error). */
    STALE,
    /** A stale stored response confirmed by the origin with 304. */
    REVALIDATED,
    /** A stale stored response replaced by a new one from the origin. */
    EXPIRED,
    /** Not cacheable: relayed to or from the origin without storing. */
    PASS,
    /** The edge answered itself without looking at the cache (bad request, unknown host). */
    NONE
}
