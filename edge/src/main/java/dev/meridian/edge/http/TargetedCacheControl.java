package dev.meridian.edge.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The cache policy the edge itself follows (RFC 9213): {@code Meridian-CDN-Cache-Control}, else
 * {@code CDN-Cache-Control}, else {@code Cache-Control} with {@code Expires}. A targeted field is
 * used only when its value is a valid, non-empty Dictionary; an invalid one is ignored as a whole.
 * When one is used, Cache-Control and Expires are ignored for the edge's decisions (RFC 9213 2.1),
 * though they still reach clients; the targeted fields themselves never do.
 */
public final class TargetedCacheControl {
    /** Most specific first: the edge's own field, then the one every CDN obeys. */
    static final List<String> TARGET_LIST = List.of("Meridian-CDN-Cache-Control", "CDN-Cache-Control");
    private static final Set<String> TARGETED = Set.of("meridian-cdn-cache-control", "cdn-cache-control");

    /**
     * @param cacheControl the directives in force for the edge
     * @param expires      the Expires text that counts for the edge: null when absent or overridden
     * @param targeted     whether a targeted field set them
     */
    public record Policy(CacheControl cacheControl, String expires, boolean targeted) {
    }

    private TargetedCacheControl() {
    }

    /** @param fieldValues every value of a header field by name (empty when absent) */
    public static Policy select(Function<String, List<String>> fieldValues) {
        for (String name : TARGET_LIST) {
            String combined = String.join(", ", fieldValues.apply(name));
            if (!combined.isBlank() && StructuredDictionary.isValid(combined)) {
                return new Policy(CacheControl.parse(combined), null, true);
            }
        }
        List<String> expires = fieldValues.apply("Expires");
        return new Policy(CacheControl.parse(fieldValues.apply("Cache-Control")), expires.isEmpty() ? null : expires.get(0),
                false);
    }

    /** Whether a response field is for the edge alone and must not be sent to clients. */
    public static boolean isTargeted(String name) {
        return TARGETED.contains(name.toLowerCase(Locale.ROOT));
    }
}
