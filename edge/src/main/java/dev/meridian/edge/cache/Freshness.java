package dev.meridian.edge.cache;

import dev.meridian.edge.http.CacheControl;
import dev.meridian.edge.http.HttpDates;
import java.util.Set;

/** Freshness lifetime and age arithmetic of RFC 9111 section 4.2, in milliseconds. */
public final class Freshness {
    /** RFC 9111 4.2.2: a typical heuristic is 10% of the time since Last-Modified. */
    static final double HEURISTIC_FRACTION = 0.10;
    /** Bounds heuristic freshness so a years-old Last-Modified cannot pin an object for months. */
    public static final long HEURISTIC_CAP_MILLIS = 24L * 3600 * 1000;

    /**
     * Status codes that are heuristically cacheable (RFC 9110 15.1): only these get a lifetime the
     * origin did not state (a property's default TTL or the Last-Modified heuristic). 206 is among
     * them, but {@link StoragePolicy} does not store it: the edge keeps whole representations.
     */
    static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

    private Freshness() {
    }

    /** Whether the response states its own expiry (s-maxage, max-age or Expires). */
    public static boolean explicit(CacheControl cc, String expires) {
        return cc.sMaxAge() != CacheControl.ABSENT || cc.maxAge() != CacheControl.ABSENT || expires != null;
    }

    /**
     * The freshness lifetime (RFC 9111 4.2.1): s-maxage, then max-age, then Expires minus Date, then,
     * for a heuristically cacheable status only (RFC 9111 4.2.2), the property's default TTL where
     * configured, then the Last-Modified heuristic.
     *
     * @param date         the Date header in epoch millis, or {@link HttpDates#INVALID}
     * @param expires      the Expires header text, or null when absent (an invalid value means expired)
     * @param lastModified the Last-Modified header in epoch millis, or {@link HttpDates#INVALID}
     * @param responseTime when the response was received, standing in for a missing Date
     * @param defaultTtlMillis the property's default TTL, 0 when off
     */
    public static long lifetimeMillis(CacheControl cc, int status, long date, String expires, long lastModified,
                                      long responseTime, long defaultTtlMillis) {
        if (cc.sMaxAge() != CacheControl.ABSENT) {
            return cc.sMaxAge() * 1000;
        }
        long stated = privateLifetimeMillis(cc, date, expires, responseTime);
        if (stated >= 0) {
            return stated;
        }
        if (!HEURISTICALLY_CACHEABLE.contains(status)) {
            return 0;
        }
        long base = date == HttpDates.INVALID ? responseTime : date;
        if (defaultTtlMillis > 0) {
            return defaultTtlMillis;
        }
        if (lastModified != HttpDates.INVALID && lastModified < base) {
            return Math.min(HEURISTIC_CAP_MILLIS, (long) ((base - lastModified) * HEURISTIC_FRACTION));
        }
        return 0;
    }

    /**
     * The lifetime the response states for a private cache (a browser): max-age, then Expires minus
     * Date (an invalid Expires means expired); -1 when it states none and the cache would guess.
     */
    public static long privateLifetimeMillis(CacheControl cc, long date, String expires, long responseTime) {
        if (cc.maxAge() != CacheControl.ABSENT) {
            return cc.maxAge() * 1000;
        }
        if (expires == null) {
            return -1;
        }
        long exp = HttpDates.parse(expires);
        return exp == HttpDates.INVALID ? 0 : Math.max(0, exp - (date == HttpDates.INVALID ? responseTime : date));
    }

    /**
     * The corrected initial age (RFC 9111 4.2.3): the larger of the apparent age (Date to receipt)
     * and the origin's Age plus the request's round trip.
     *
     * @param ageSeconds the Age header, or a negative number when absent
     */
    public static long correctedInitialAgeMillis(long ageSeconds, long date, long requestTime, long responseTime) {
        long apparent = date == HttpDates.INVALID ? 0 : Math.max(0, responseTime - date);
        long corrected = Math.max(0, ageSeconds) * 1000 + Math.max(0, responseTime - requestTime);
        return Math.max(apparent, corrected);
    }
}
