package dev.meridian.originstub.site;

import java.time.Instant;
import java.util.Optional;

/** Decides whether a GET or HEAD may be answered 304 Not Modified (RFC 9110 13.1, 13.2.2). */
public final class Conditionals {
    private Conditionals() {
    }

    public static boolean notModified(SiteRequest request, Representation representation) {
        if (!request.isRead() || representation.status() != 200) {
            return false;
        }
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null) {
            // If-None-Match takes precedence: If-Modified-Since is then ignored.
            String etag = representation.header("ETag");
            return etag != null && matchesWeakly(ifNoneMatch, etag);
        }
        Optional<Instant> since = HttpDates.parse(request.header("If-Modified-Since"));
        Optional<Instant> lastModified = HttpDates.parse(representation.header("Last-Modified"));
        return since.isPresent() && lastModified.isPresent() && !lastModified.get().isAfter(since.get());
    }

    private static boolean matchesWeakly(String ifNoneMatch, String etag) {
        String opaque = stripWeak(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || stripWeak(c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String stripWeak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
