package dev.meridian.uplink.usage;

/**
 * How the edge's cache answered a request, as usage counts it: the edge's {@code CacheStatus}
 * (X-Cache) one for one, kept here so that the uplink needs nothing of the edge.
 */
public enum CacheOutcome {
    HIT, MISS, STALE, REVALIDATED, EXPIRED, PASS, NONE
}
