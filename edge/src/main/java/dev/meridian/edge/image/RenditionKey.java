package dev.meridian.edge.image;

import java.util.Optional;

/**
 * What a rendition is of: the customer, the original's canonical URL and validator (so a changed
 * original never serves old renditions), and the variant (a speed class name, or a signed explicit
 * transformation). Raw rates and header values never get in here. Immutable; the {@link #cacheKey()}
 * is built once, so a key kept with its original ({@link RenditionSource}) costs a hit no string work.
 */
public final class RenditionKey {
    /**
     * Separates the parts of a {@link #cacheKey()}. A control character: it sorts below every
     * character a URL may contain, so the key falls in its source URL's purge range, and occurs in
     * none of the parts (URLs, config ids, header values and class names cannot hold it).
     */
    static final char SEPARATOR = '\u0001';

    private final String customer;
    private final String sourceUrl;
    private final String validator;
    private final String variant;
    private final String cacheKey;

    public RenditionKey(String customer, String sourceUrl, String validator, String variant) {
        this.customer = customer;
        this.sourceUrl = sourceUrl;
        this.validator = validator;
        this.variant = variant;
        this.cacheKey = sourceUrl + SEPARATOR + customer + SEPARATOR + validator + SEPARATOR + variant;
    }

    public String customer() {
        return customer;
    }

    public String sourceUrl() {
        return sourceUrl;
    }

    public String validator() {
        return validator;
    }

    public String variant() {
        return variant;
    }

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
        return cacheKey;
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

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof RenditionKey k && cacheKey.equals(k.cacheKey));
    }

    @Override
    public int hashCode() {
        return cacheKey.hashCode();
    }

    @Override
    public String toString() {
        return "RenditionKey[" + customer + ", " + sourceUrl + ", " + validator + ", " + variant + "]";
    }
}
