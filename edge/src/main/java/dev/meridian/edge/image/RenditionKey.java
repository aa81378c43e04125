package dev.meridian.edge.image;

/**
 * What a rendition is of: the customer, the original's canonical URL and validator (so a changed
 * original never serves old renditions), and the variant (a speed class name, or a signed explicit
 * transformation). Raw rates and header values never get in here.
 */
public record RenditionKey(String customer, String sourceUrl, String validator, String variant) {
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
}
