package dev.meridian.uplink.wire;

import java.time.Instant;

/**
 * What one POP served for one property in one minute. Every count is of requests completed in that
 * minute; bytes are body bytes.
 *
 * @param minute          the minute's start (UTC, whole minute)
 * @param property        the property's host
 * @param pop             the POP id
 * @param requests        all requests
 * @param bytesToClients  bytes sent to clients
 * @param bytesFromOrigin bytes read from origins for this property
 * @param hits            by cache outcome (X-Cache): HIT
 * @param misses          MISS
 * @param stale           STALE
 * @param revalidated     REVALIDATED
 * @param expired         EXPIRED
 * @param passes          PASS
 * @param uncached        NONE: answered by the edge itself (redirect, error) without the cache
 * @param status2xx       by status class (1xx interim responses are not counted)
 * @param status3xx       3xx
 * @param status4xx       4xx
 * @param status5xx       5xx
 * @param renditions      image requests answered with a rendition
 * @param renditionBytesSaved bytes the renditions saved against the original's size
 * @param renditionBytesStored bytes of this property's renditions the POP held at the minute's end (a gauge)
 */
public record EdgeMinute(Instant minute, String property, String pop, long requests, long bytesToClients,
                         long bytesFromOrigin, long hits, long misses, long stale, long revalidated, long expired,
                         long passes, long uncached, long status2xx, long status3xx, long status4xx, long status5xx,
                         long renditions, long renditionBytesSaved, long renditionBytesStored) {
}
