package dev.meridian.edge.image;

import dev.meridian.edge.cache.Bodies;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.Freshness;
import dev.meridian.edge.http.CacheControl;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.http.HttpDates;
import dev.meridian.edge.http.TargetedCacheControl;
import dev.meridian.imaging.EncodedRendition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The response a rendition goes out with, made from its original's. Fields that describe the
 * original's bytes are the rendition's own; the rest are copied.
 * <p>
 * A class rendition is private, with Vary on the hints that pick a class: a shared cache beyond the
 * edge must not hand one client's class to another. The browser gets the original's own freshness
 * (its {@code max-age} or {@code Expires}, never {@code s-maxage} or the edge's default TTL, which are
 * for shared caches), and its {@code no-store}, {@code no-cache} and {@code must-revalidate}. A signed
 * transformation is the same for everyone and keeps the original's caching. Both keep the original's
 * Vary, since the original they were made from is one of its variants.
 */
final class RenditionResponse {
    /** The request fields a class is decided from. */
    static final String HINTS = "Save-Data, ECT, Downlink, RTT";
    private static final Set<String> NOT_COPIED = Set.of("content-type", "etag", "content-length", "content-md5", "digest",
            "content-digest", "repr-digest", "cache-control", "expires", "vary", "content-encoding", "accept-ranges", "set-cookie");

    private RenditionResponse() {
    }

    static CachedResponse of(RenditionKey key, CachedResponse original, EncodedRendition r, long now) {
        boolean signed = key.variant().startsWith("t:");
        List<HeaderField> h = new ArrayList<>();
        for (HeaderField f : original.headers()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            // A class rendition's max-age is what was left of the original's when it was made, so its age
            // counts from then: it does not take the original's Date (which would count that age twice).
            if (!NOT_COPIED.contains(name) && (signed || (!name.equals("date") && !TargetedCacheControl.isTargeted(name)))) {
                h.add(f);
            }
        }
        h.add(new HeaderField("Content-Type", r.contentType()));
        h.add(new HeaderField("ETag", key.etag()));
        if (signed) {
            original.all("Cache-Control").forEach(v -> h.add(new HeaderField("Cache-Control", v)));
            original.all("Expires").forEach(v -> h.add(new HeaderField("Expires", v)));
            original.all("Vary").forEach(v -> h.add(new HeaderField("Vary", v)));
        } else {
            h.add(new HeaderField("Cache-Control", classCacheControl(original, now)));
            h.add(classVary(original));
        }
        return new CachedResponse(200, h, Bodies.of(r.bytes()), now, now, Duration.ZERO);
    }

    /**
     * The original as it goes out in place of a rendition (refused by the imaging library, or not ready
     * in time): its own bytes, validators and age, but cached as a rendition is, since a shared cache
     * beyond the edge that kept it would hand the full image to every client of the URL.
     */
    static CachedResponse fallback(CachedResponse original) {
        List<HeaderField> h = new ArrayList<>();
        for (HeaderField f : original.headers()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            if (!name.equals("cache-control") && !name.equals("expires") && !name.equals("vary")
                    && !TargetedCacheControl.isTargeted(name)) {
                h.add(f);
            }
        }
        // Its age so far, so that it is as old as the original (an origin's Age was not kept as a field).
        h.add(new HeaderField("Age", String.valueOf(original.ageMillis(original.responseTime()) / 1000)));
        h.add(new HeaderField("Cache-Control", cacheControl(original, 0)));
        h.add(classVary(original));
        return new CachedResponse(original.status(), h, original.body(), original.responseTime(), original.responseTime(),
                original.defaultTtl());
    }

    /** The original's Vary, and the hints a class is decided from. */
    private static HeaderField classVary(CachedResponse original) {
        String vary = String.join(", ", original.all("Vary"));
        return new HeaderField("Vary", vary.isEmpty() ? HINTS : vary + ", " + HINTS);
    }

    /**
     * {@code Cache-Control} of a class rendition made at {@code now}: its max-age is what is left of the
     * original's then (its Age counts from then).
     */
    static String classCacheControl(CachedResponse original, long now) {
        return cacheControl(original, original.ageMillis(now));
    }

    /** Private, with the original's browser-facing directives; {@code spentMillis} of its freshness gone. */
    private static String cacheControl(CachedResponse original, long spentMillis) {
        CacheControl cc = CacheControl.parse(original.all("Cache-Control"));
        if (cc.noStore()) {
            return "private, no-store";
        }
        StringBuilder b = new StringBuilder("private");
        if (cc.noCache()) {
            b.append(", no-cache");
        }
        long lifetime = Freshness.privateLifetimeMillis(cc, HttpDates.parse(original.first("Date")), original.first("Expires"),
                original.responseTime());
        if (lifetime >= 0) {
            b.append(", max-age=").append(Math.max(0, (lifetime - spentMillis) / 1000));
        }
        if (cc.mustRevalidate()) {
            b.append(", must-revalidate");
        }
        return b.toString();
    }
}
