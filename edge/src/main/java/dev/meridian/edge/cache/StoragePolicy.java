package dev.meridian.edge.cache;

import dev.meridian.edge.http.CacheControl;
import java.util.Set;

/** Whether a shared cache may store a response to a GET (RFC 9111 section 3). */
public final class StoragePolicy {
    /**
     * The status codes whose caching requirements the edge implements, for {@code must-understand}
     * (RFC 9111 5.2.2.3): the heuristically cacheable ones it stores (not 206: it keeps whole
     * representations) and the redirects 302 and 307, which it stores with explicit freshness.
     */
    static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 302, 307, 308, 404, 405, 410, 414, 501);

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
        if (r.status() == 206) {
            return "206 (the edge stores whole representations)";
        }
        if (cc.mustUnderstand()) {
            // A cache that understands the status ignores no-store; one that does not must not store.
            if (!UNDERSTOOD.contains(r.status())) {
                return "must-understand with status " + r.status() + ", which the edge does not understand";
            }
        } else if (cc.noStore()) {
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
        if (!Freshness.HEURISTICALLY_CACHEABLE.contains(r.status()) && !(explicit && isFinal(r.status()))) {
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
