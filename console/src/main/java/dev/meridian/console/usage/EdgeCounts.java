package dev.meridian.console.usage;

import dev.meridian.uplink.wire.EdgeMinute;
import java.util.List;

/**
 * The counters of an edge row as the database stores them: column names and values in one order, the
 * last one a gauge (rendition bytes stored, merged by taking the larger), all others counts (merged by
 * adding). The rollup, the validation and the SQL all take the columns from here.
 */
final class EdgeCounts {
    static final List<String> COLUMNS = List.of("requests", "bytes_to_clients", "bytes_from_origin", "hits", "misses",
            "stale", "revalidated", "expired", "passes", "uncached", "status_2xx", "status_3xx", "status_4xx",
            "status_5xx", "renditions", "rendition_bytes_saved", "rendition_bytes_stored");
    /** Index of the one gauge; every column before it is additive. */
    static final int GAUGE = COLUMNS.size() - 1;

    private EdgeCounts() {
    }

    static long[] of(EdgeMinute m) {
        return new long[] {m.requests(), m.bytesToClients(), m.bytesFromOrigin(), m.hits(), m.misses(), m.stale(),
            m.revalidated(), m.expired(), m.passes(), m.uncached(), m.status2xx(), m.status3xx(), m.status4xx(),
            m.status5xx(), m.renditions(), m.renditionBytesSaved(), m.renditionBytesStored()};
    }

    /** Adds {@code more} into {@code into}, the gauge by its maximum. */
    static void merge(long[] into, long[] more) {
        for (int i = 0; i < GAUGE; i++) {
            into[i] += more[i];
        }
        into[GAUGE] = Math.max(into[GAUGE], more[GAUGE]);
    }

    static boolean anyNegative(long[] counts) {
        for (long c : counts) {
            if (c < 0) {
                return true;
            }
        }
        return false;
    }
}
