package dev.meridian.edge.image;

import java.util.Optional;

/**
 * What a rendition is of: the customer, the original's canonical URL and validator (so a changed
 * original never serves old renditions), and the variant (a speed class name, or a signed explicit
 * transformation). Raw rates and header values never get in here.
 */
public record RenditionKey(String customer, String sourceUrl, String validator, String variant) {
    /**
     * Separates the parts of a {@link #cacheKey()}. A control character: it sorts below every
     * character a URL may contain, so the key falls in its source URL's purge range, and occurs in
     * none of the parts (URLs, config ids, header values and class names cannot hold it).
     */
    static final char SEPARATOR = '\u0001';

    /** A strong entity tag for the rendition, stable across edges and restarts. */
    public String etag() {
        long h = 1125899906842597L;
        for (String part : new String[] {customer, sourceUrl, validator, variant}) {
            for (int i = 0; i < part.length(); i++) {
                h = 31 * h + part.charAt(i);
            }
            h = 31 * h + 1;
        }
        return "\"r" + Long.toHexString(h) + "\"";
    }

    /**
     * The key the cache tiers keep the rendition under. It starts with the source URL, so the purge
     * of a URL, a URL prefix or a host removes the renditions of what it matches from every tier in
     * the same range walk as the originals.
     */
    public String cacheKey() {
        return sourceUrl + SEPARATOR + customer + SEPARATOR + validator + SEPARATOR + variant;
    }

    /** The rendition key a cache key was made from, or empty for any other key (an original, a variant). */
    public static Optional<RenditionKey> fromCacheKey(String key) {
        int a = key.indexOf(SEPARATOR);
        int b = a < 0 ? -1 : key.indexOf(SEPARATOR, a + 1);
        int c = b < 0 ? -1 : key.indexOf(SEPARATOR, b + 1);
        if (c < 0 || key.indexOf(SEPARATOR, c + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new RenditionKey(key.substring(a + 1, b), key.substring(0, a), key.substring(b + 1, c),
                key.substring(c + 1)));
    }
}
