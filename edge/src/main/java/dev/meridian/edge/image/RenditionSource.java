package dev.meridian.edge.image;

import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HttpDates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stored original as the image route sees it: its validator, the mode and layered delivery its
 * path gets, and the keys of its renditions. Worked out on the first image request that serves this
 * stored response and kept with it ({@link CachedResponse#derive}), so a rendition hit builds and
 * hashes no key strings. It is checked against the request's URL, customer and images config, so a
 * config reload (or a response served under another URL) gets a new one.
 */
final class RenditionSource {
    /** Variant keys kept per original: the speed classes, and a few signed transformations. */
    static final int MAX_KEPT_KEYS = 16;

    private final String url;
    private final String customer;
    private final PropertyImagesConfig images;
    private final String validator;
    private final String id;
    private final PropertyImagesConfig.Mode mode;
    private final PropertyImagesConfig.Layered layered;
    private final Map<String, RenditionKey> keys = new ConcurrentHashMap<>();

    private RenditionSource(String url, String storedKey, String customer, PropertyImagesConfig images, String path,
                            CachedResponse original) {
        this.url = url;
        this.customer = customer;
        this.images = images;
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
                              PropertyImagesConfig images, String path) {
        RenditionSource s = original.derived(RenditionSource.class);
        if (s != null && s.images == images && s.customer.equals(customer) && s.url.equals(url)) {
            return s;
        }
        s = new RenditionSource(url, storedKey, customer, images, path, original);
        original.derive(s);
        return s;
    }

    /** The key of the original's rendition for a variant (a class name or a transformation). */
    RenditionKey key(String variant) {
        RenditionKey k = keys.get(variant);
        if (k != null) {
            return k;
        }
        k = new RenditionKey(customer, url, validator, variant);
        if (keys.size() < MAX_KEPT_KEYS) {
            keys.putIfAbsent(variant, k);
        }
        return k;
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
        if (storedKey.length() == url.length()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(storedKey.substring(url.length()).getBytes(StandardCharsets.UTF_8));
            return ";v=" + HexFormat.of().formatHex(digest, 0, 12);
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
