package dev.meridian.edge.origin;

import dev.meridian.edge.http.CacheControl;
import java.time.Duration;
import java.util.Locale;

/**
 * How long the edge may leave a connection to an origin idle before it must not be used again. An
 * origin that names its keep-alive timeout ({@code Keep-Alive: timeout=5}, as Node.js and Apache do)
 * closes idle connections after that long; the edge stops reusing them earlier by a margin (a second,
 * or half the timeout when it is shorter) that covers the time a request takes to reach the origin.
 */
final class KeepAlive {
    private static final long MARGIN_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long NOT_NAMED = -1;

    private KeepAlive() {
    }

    /**
     * @param keepAlive    the response's Keep-Alive field, or null
     * @param silentNanos  the limit when the origin does not name a timeout
     * @param maxNanos     the longest the edge keeps any idle connection
     */
    static long idleLimitNanos(String keepAlive, long silentNanos, long maxNanos) {
        long seconds = timeoutSeconds(keepAlive);
        if (seconds == NOT_NAMED) {
            return Math.min(silentNanos, maxNanos);
        }
        long nanos = Duration.ofSeconds(Math.min(seconds, maxNanos / 1_000_000_000L + 1)).toNanos();
        return Math.min(maxNanos, nanos - Math.min(MARGIN_NANOS, nanos / 2));
    }

    /** The {@code timeout} parameter of a Keep-Alive field (RFC 2068 19.7.1.1), or -1 when it names none (validly). */
    static long timeoutSeconds(String keepAlive) {
        if (keepAlive == null) {
            return NOT_NAMED;
        }
        for (String param : keepAlive.split(",")) {
            int eq = param.indexOf('=');
            if (eq >= 0 && param.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("timeout")) {
                String value = param.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return CacheControl.deltaSeconds(value, NOT_NAMED);
            }
        }
        return NOT_NAMED;
    }
}
