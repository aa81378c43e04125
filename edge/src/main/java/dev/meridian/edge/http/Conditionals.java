package dev.meridian.edge.http;

import java.util.Collection;

/** Evaluates a client's own If-None-Match / If-Modified-Since against a stored response (RFC 9110 13). */
public final class Conditionals {
    private Conditionals() {
    }

    /**
     * Whether a GET/HEAD with these preconditions can be answered 304 Not Modified.
     *
     * @param ifNoneMatch     If-None-Match values, or null
     * @param ifModifiedSince If-Modified-Since, or null
     * @param etag            the stored ETag, or null
     * @param lastModified    the stored Last-Modified in epoch millis, or {@link HttpDates#INVALID}
     */
    public static boolean notModified(Collection<String> ifNoneMatch, String ifModifiedSince, String etag, long lastModified) {
        if (ifNoneMatch != null && !ifNoneMatch.isEmpty()) {
            // RFC 9110 13.2.2: when If-None-Match is present, If-Modified-Since is ignored.
            return etag != null && anyWeakMatch(ifNoneMatch, etag);
        }
        if (ifModifiedSince != null && lastModified != HttpDates.INVALID) {
            long since = HttpDates.parse(ifModifiedSince);
            return since != HttpDates.INVALID && lastModified <= since;
        }
        return false;
    }

    private static boolean anyWeakMatch(Collection<String> fieldValues, String etag) {
        String stored = opaque(etag.trim());
        for (String value : fieldValues) {
            for (String candidate : value.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || opaque(c).equals(stored)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
