package dev.meridian.edge.http;

import java.util.Locale;
import java.util.Optional;

/**
 * Single byte ranges served from a complete stored response (RFC 9110 14): {@code bytes=a-b},
 * {@code bytes=a-} and {@code bytes=-n}; an {@code If-Range} that no longer matches, a unit other
 * than bytes, a malformed header or several ranges get the whole response (a cache may ignore
 * Range); a range that starts beyond the end is unsatisfiable (416).
 */
public final class ByteRanges {
    /** What to send for a request. */
    public sealed interface Outcome permits Whole, Slice, Unsatisfiable {
    }

    /** The whole response, 200. */
    public record Whole() implements Outcome {
    }

    /** Bytes {@code first} to {@code last} inclusive, 206. */
    public record Slice(long first, long last) implements Outcome {
        public long length() {
            return last - first + 1;
        }

        public String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** 416, with {@code Content-Range: bytes * /total}. */
    public record Unsatisfiable() implements Outcome {
        public static String contentRange(long total) {
            return "bytes */" + total;
        }
    }

    public static final Outcome WHOLE = new Whole();

    private ByteRanges() {
    }

    /**
     * @param range        the Range header, or null
     * @param ifRange      the If-Range header, or null
     * @param etag         the stored response's ETag, or null
     * @param lastModified its Last-Modified in epoch millis, or {@link HttpDates#INVALID}
     * @param length       its body length
     */
    public static Outcome evaluate(String range, String ifRange, String etag, long lastModified, long length) {
        if (range == null || (ifRange != null && !ifRangeMatches(ifRange.trim(), etag, lastModified))) {
            return WHOLE;
        }
        String r = range.trim();
        if (!r.toLowerCase(Locale.ROOT).startsWith("bytes=") || r.indexOf(',') >= 0) {
            return WHOLE;
        }
        String spec = r.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = digits(b);
                if (suffix == 0 || length == 0) {
                    return new Unsatisfiable();
                }
                return new Slice(Math.max(0, length - suffix), length - 1);
            }
            long first = digits(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
            if (last < first) {
                return WHOLE;
            }
            if (first >= length) {
                return new Unsatisfiable();
            }
            return new Slice(first, Math.min(last, length - 1));
        } catch (NumberFormatException e) {
            return WHOLE;
        }
    }

    /** A 206's {@code Content-Range: bytes first-last/total}, its total known. */
    public record ContentRange(long first, long last, long total) {
        public long length() {
            return last - first + 1;
        }
    }

    /**
     * Parses a 206's Content-Range; empty when it is not {@code bytes first-last/total} with
     * {@code first <= last < total} (an unknown total, {@code *}, is refused too: without it a
     * stored piece could not answer suffix ranges nor ever be known complete).
     */
    public static Optional<ContentRange> contentRange(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        int slash = v.indexOf('/');
        int dash = v.indexOf('-');
        if (!v.toLowerCase(Locale.ROOT).startsWith("bytes ") || slash < 0 || dash < 0 || dash > slash) {
            return Optional.empty();
        }
        try {
            long first = digits(v.substring(6, dash).trim());
            long last = digits(v.substring(dash + 1, slash).trim());
            long total = digits(v.substring(slash + 1).trim());
            return first <= last && last < total ? Optional.of(new ContentRange(first, last, total))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }

    /** A strong ETag match, or an exact Last-Modified date (RFC 9110 13.1.5). */
    private static boolean ifRangeMatches(String ifRange, String etag, long lastModified) {
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return etag != null && !etag.startsWith("W/") && ifRange.equals(etag.trim());
        }
        long date = HttpDates.parse(ifRange);
        return date != HttpDates.INVALID && lastModified != HttpDates.INVALID && date == lastModified;
    }
}
