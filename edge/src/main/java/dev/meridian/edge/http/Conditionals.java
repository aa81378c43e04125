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
            // Entity-tags are read whole, quotes and all: a comma may sit inside one ("a,b"), so the list
            // cannot be split on commas.
            int i = 0;
            while (i < value.length()) {
                char c = value.charAt(i);
                if (c == ',' || c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                if (c == '*') {
                    return true;
                }
                int open = value.indexOf('"', i);
                int close = open < 0 ? -1 : value.indexOf('"', open + 1);
                if (close < 0) {
                    return false;
                }
                if (value.substring(open, close + 1).equals(stored)) {
                    return true;
                }
                i = close + 1;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
