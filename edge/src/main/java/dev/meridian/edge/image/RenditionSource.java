package dev.meridian.edge.image;

import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HttpDates;
import dev.meridian.imaging.RenditionSpec;
import dev.meridian.imaging.ladder.RenditionLadder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stored original as the image route sees it: its validator, the mode and layered delivery its
 * path gets, and its renditions' keys and specs. Worked out on the first image request that serves
 * this stored response and kept with it ({@link CachedResponse#derive}), so a rendition hit builds and
 * hashes no key strings. It is checked against the request's URL, customer, images config and ladder,
 * so a config reload (or a response served under another URL) gets a new one.
 * <p>
 * A rendition's key names its spec (by a digest), not only its class: when a reload changes what a
 * class renders, the renditions kept under the old spec are simply no longer asked for (the tiers and
 * the quota reclaim age them out) and new ones are rendered.
 */
final class RenditionSource {
    /** Variants kept per original: the speed classes, and a few signed transformations. */
    static final int MAX_KEPT_KEYS = 16;

    private final String url;
    private final String customer;
    private final PropertyImagesConfig images;
    private final RenditionLadder ladder;
    private final String path;
    private final String validator;
    private final String id;
    private final PropertyImagesConfig.Mode mode;
    private final PropertyImagesConfig.Layered layered;
    private final Map<Object, Variant> variants = new ConcurrentHashMap<>();
    /** Racy: two requests may both make it, and either may win. */
    private volatile CachedResponse fallback;

    /** A rendition of the original: where it is kept and what it is. */
    record Variant(RenditionKey key, RenditionSpec spec) {
    }

    private RenditionSource(String url, String storedKey, String customer, PropertyImagesConfig images,
                            RenditionLadder ladder, String path, CachedResponse original) {
        this.url = url;
        this.customer = customer;
        this.images = images;
        this.ladder = ladder;
        this.path = path;
        this.validator = validator(original) + variantOf(url, storedKey);
        this.id = customer + "\n" + url + "\n" + validator;
        this.mode = images.modeFor(path);
        this.layered = images.layeredFor(path);
    }

    /**
     * The original's source, kept with it when it was worked out for this URL, customer and config.
     *
     * @param storedKey the key the original is stored under: its URL, or, for a response with Vary, the
     *                  variant key of the requests it serves (two variants may share a validator)
     */
    static RenditionSource of(CachedResponse original, String url, String storedKey, String customer,
                              PropertyImagesConfig images, RenditionLadder ladder, String path) {
        RenditionSource s = kept(original, url, customer, images, ladder);
        if (s == null) {
            s = new RenditionSource(url, storedKey, customer, images, ladder, path, original);
            original.derive(s);
        }
        return s;
    }

    /** The source kept with the original if it was worked out for this URL, customer and config; else null. */
    @SuppressWarnings("ReferenceEquality") // the very config objects: a reload makes new ones, and then a new source
    static RenditionSource kept(CachedResponse original, String url, String customer, PropertyImagesConfig images,
                                RenditionLadder ladder) {
        RenditionSource s = original.derived(RenditionSource.class);
        return s != null && s.images == images && s.ladder == ladder && s.customer.equals(customer) && s.url.equals(url)
                ? s : null;
    }

    /** The original's rendition for a speed class. */
    Variant forClass(String speedClass) {
        Variant v = variants.get(speedClass);
        return v != null ? v : keep(speedClass, variant(speedClass, ladder.spec(speedClass, customer, images, path)));
    }

    /**
     * The original's rendition for a signed transformation: the default class's rendition with the
     * transformation's box and quality, the same whoever asks (it is cached for everyone).
     */
    Variant forTransformation(Transformation t) {
        Variant v = variants.get(t);
        return v != null ? v
                : keep(t, variant(t.variant(), t.applyTo(ladder.spec(ladder.defaultClass(), customer, images, path))));
    }

    private Variant variant(String name, RenditionSpec spec) {
        RenditionSpec s = layered != null ? spec.withProgressive(true) : spec;
        return new Variant(new RenditionKey(customer, url, validator, name + "@" + digest(s.toString(), 4)), s);
    }

    private Variant keep(Object name, Variant v) {
        if (variants.size() < MAX_KEPT_KEYS) {
            variants.putIfAbsent(name, v);
        }
        return v;
    }

    /**
     * The original as it goes out in place of a rendition ({@link RenditionResponse#fallback}); made
     * once, since an image the imaging library refused goes out this way on every request for a while.
     */
    CachedResponse fallback(CachedResponse original) {
        CachedResponse f = fallback;
        if (f == null) {
            f = RenditionResponse.fallback(original);
            fallback = f;
        }
        return f;
    }

    /** Names the original for remembering that the imaging library refused it. */
    String id() {
        return id;
    }

    PropertyImagesConfig.Mode mode() {
        return mode;
    }

    /** Layered delivery for the original's path, or null: whole renditions. */
    PropertyImagesConfig.Layered layered() {
        return layered;
    }

    /**
     * Tells apart the variants of a URL: a digest of the request header values that selected this one
     * (which are client input, so a weak hash could be made to collide with another client's variant).
     */
    private static String variantOf(String url, String storedKey) {
        return storedKey.length() == url.length() ? "" : ";v=" + digest(storedKey.substring(url.length()), 12);
    }

    /** The first {@code bytes} of the text's SHA-256, in hex. */
    private static String digest(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String validator(CachedResponse original) {
        if (original.etag() != null) {
            return original.etag();
        }
        if (original.lastModified() != HttpDates.INVALID) {
            return "lm:" + original.lastModified();
        }
        // No validator: this very fill (a refill yields new renditions).
        return "t:" + original.responseTime() + ":" + original.bodyLength();
    }
}
