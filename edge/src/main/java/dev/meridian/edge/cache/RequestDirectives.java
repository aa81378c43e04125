package dev.meridian.edge.cache;

import dev.meridian.edge.http.CacheControl;

/**
 * What a request's own Cache-Control asks of the cache (RFC 9111 5.2.1). {@code no-store} is always
 * honoured: nothing the origin answers to the request is stored (a stored response may still serve
 * it). {@code no-cache} and {@code max-age} limit what may be reused without asking the origin,
 * unless the property ignores them to protect its origin. A request with Authorization is answered
 * only by, and only leaves stored, a response that says a shared cache may keep it (RFC 9111 3.5).
 *
 * @param maxAgeSeconds the oldest stored response the client accepts, {@link CacheControl#ABSENT} for any
 */
public record RequestDirectives(boolean noStore, boolean noCache, long maxAgeSeconds, boolean authorized) {
    public static final RequestDirectives NONE = new RequestDirectives(false, false, CacheControl.ABSENT, false);

    /**
     * @param fieldValues the request's Cache-Control values, null when absent
     * @param honourReuseLimits false when the property ignores a request's no-cache and max-age
     * @param authorized whether the request carries Authorization
     */
    public static RequestDirectives of(Iterable<String> fieldValues, boolean honourReuseLimits, boolean authorized) {
        if (fieldValues == null && !authorized) {
            return NONE;
        }
        CacheControl cc = CacheControl.parse(fieldValues);
        return honourReuseLimits ? new RequestDirectives(cc.noStore(), cc.noCache(), cc.maxAge(), authorized)
                : new RequestDirectives(cc.noStore(), false, CacheControl.ABSENT, authorized);
    }

    /**
     * Whether a stored response may serve this request at all, fresh, stale or revalidated: for one
     * with Authorization, only a response its origin marked as shared may.
     */
    public boolean mayUse(CachedResponse stored) {
        return !authorized || StoragePolicy.sharedDespiteAuthorization(stored.cacheControl());
    }

    /** Whether the client lets a stored response (fresh by its own rules) answer without asking the origin. */
    public boolean accepts(CachedResponse stored, long now) {
        return mayUse(stored) && !acceptsNothingStored() && (maxAgeSeconds == CacheControl.ABSENT || stored.ageMillis(now) <= maxAgeSeconds * 1000);
    }

    /** Whether no stored response can ever be acceptable (no-cache, max-age=0). */
    public boolean acceptsNothingStored() {
        return noCache || maxAgeSeconds == 0;
    }
}
