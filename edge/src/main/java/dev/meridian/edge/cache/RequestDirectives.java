package dev.meridian.edge.cache;

import dev.meridian.edge.http.CacheControl;

/**
 * What a request's own Cache-Control asks of the cache (RFC 9111 5.2.1). {@code no-store} is always
 * honoured: nothing the origin answers to the request is stored (a stored response may still serve
 * it). {@code no-cache} and {@code max-age} limit what may be reused without asking the origin,
 * unless the property ignores them to protect its origin.
 *
 * @param maxAgeSeconds the oldest stored response the client accepts, {@link CacheControl#ABSENT} for any
 */
public record RequestDirectives(boolean noStore, boolean noCache, long maxAgeSeconds) {
    public static final RequestDirectives NONE = new RequestDirectives(false, false, CacheControl.ABSENT);

    /**
     * @param fieldValues the request's Cache-Control values, null when absent
     * @param honourReuseLimits false when the property ignores a request's no-cache and max-age
     */
    public static RequestDirectives of(Iterable<String> fieldValues, boolean honourReuseLimits) {
        if (fieldValues == null) {
            return NONE;
        }
        CacheControl cc = CacheControl.parse(fieldValues);
        return honourReuseLimits ? new RequestDirectives(cc.noStore(), cc.noCache(), cc.maxAge())
                : new RequestDirectives(cc.noStore(), false, CacheControl.ABSENT);
    }

    /** Whether the client lets a stored response (fresh by its own rules) answer without asking the origin. */
    public boolean accepts(CachedResponse stored, long now) {
        return !acceptsNothingStored() && (maxAgeSeconds == CacheControl.ABSENT || stored.ageMillis(now) <= maxAgeSeconds * 1000);
    }

    /** Whether no stored response can ever be acceptable: such requests do not share others' fills. */
    public boolean acceptsNothingStored() {
        return noCache || maxAgeSeconds == 0;
    }
}
