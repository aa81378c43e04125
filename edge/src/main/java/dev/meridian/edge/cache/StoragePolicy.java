package dev.meridian.edge.cache;

import dev.meridian.edge.http.CacheControl;

/** Whether a shared cache may store a response to a GET (RFC 9111 section 3). */
public final class StoragePolicy {
    private StoragePolicy() {
    }

    /**
     * Null when storable, else why not (for logs and tests).
     *
     * @param request what the request the response answers asked: with Authorization, only a
     *                response that says it may be shared is stored
     */
    public static String whyNotStorable(CachedResponse r, RequestDirectives request) {
        CacheControl cc = r.cacheControl();
        if (cc.noStore()) {
            return "no-store";
        }
        if (cc.isPrivate()) {
            return "private";
        }
        if (request.authorized() && !sharedDespiteAuthorization(cc)) {
            return "Authorization without public, s-maxage or must-revalidate";
        }
        if (r.varyAny()) {
            return "Vary: *";
        }
        // A per-user cookie must never be handed to another user; origins that want such responses
        // cached send them without Set-Cookie.
        if (r.first("Set-Cookie") != null) {
            return "Set-Cookie";
        }
        boolean explicit = Freshness.explicit(cc, r.expires());
        if (!Freshness.HEURISTICALLY_CACHEABLE.contains(r.status()) && !(explicit && isFinal(r.status()) && r.status() != 206)) {
            return "status " + r.status() + " without explicit freshness";
        }
        if (r.lifetimeMillis() <= 0 && !r.hasValidator()) {
            return "neither fresh nor revalidatable";
        }
        return null;
    }

    /**
     * RFC 9111 3.5: a response to a request with Authorization may be stored, and reused for other
     * requests, only when one of these directives says a shared cache may keep it. must-revalidate
     * and s-maxage also forbid serving it stale ({@link CacheControl#forbidsStale}).
     */
    static boolean sharedDespiteAuthorization(CacheControl cc) {
        return cc.isPublic() || cc.sMaxAge() != CacheControl.ABSENT || cc.mustRevalidate();
    }

    private static boolean isFinal(int status) {
        return status >= 200 && status != 304;
    }
}
