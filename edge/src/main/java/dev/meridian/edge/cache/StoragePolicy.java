package dev.meridian.edge.cache;

import dev.meridian.edge.http.CacheControl;

/** Whether a shared cache may store a response to a GET (RFC 9111 section 3). */
public final class StoragePolicy {
    private StoragePolicy() {
    }

    /** Null when storable, else why not (for logs and tests). */
    public static String whyNotStorable(CachedResponse r) {
        CacheControl cc = r.cacheControl();
        if (cc.noStore()) {
            return "no-store";
        }
        if (cc.isPrivate()) {
            return "private";
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

    private static boolean isFinal(int status) {
        return status >= 200 && status != 304;
    }
}
