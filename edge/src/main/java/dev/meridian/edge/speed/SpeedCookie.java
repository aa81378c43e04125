package dev.meridian.edge.speed;

import java.util.Optional;

/**
 * The measurement cookie the injected script writes: {@code mrdn_speed=<kbit/s>.<class>.<epoch seconds>}.
 * The edge trusts only the rate and the time; the class is re-derived from the current thresholds so a
 * config change takes effect at once. Anything malformed is ignored: a cookie is client input.
 */
public final class SpeedCookie {
    public static final String NAME = "mrdn_speed";
    /** Clocks disagree a little; a measurement from further in the future than this is nonsense. */
    static final long CLOCK_SKEW_SECONDS = 300;
    /** Nobody downloads a page faster than this (100 Gbit/s); a bigger number is forged or broken. */
    static final long MAX_KBPS = 100_000_000L;

    private SpeedCookie() {
    }

    /** A measurement read from a cookie. */
    public record Measurement(long kbps, long measuredAtEpochSecond) {
    }

    /**
     * The measurement in a Cookie request header, if there is a well-formed one taken within
     * {@code maxAgeSeconds} of {@code nowEpochSecond}.
     */
    public static Optional<Measurement> read(String cookieHeader, long nowEpochSecond, long maxAgeSeconds) {
        // Scanned in place, with no split or substring: this runs on every image request.
        if (cookieHeader == null) {
            return Optional.empty();
        }
        int from = valueStart(cookieHeader);
        if (from < 0) {
            return Optional.empty();
        }
        int to = cookieHeader.indexOf(';', from);
        to = to < 0 ? cookieHeader.length() : to;
        while (from < to && cookieHeader.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && cookieHeader.charAt(to - 1) <= ' ') {
            to--;
        }
        if (to - from >= 2 && cookieHeader.charAt(from) == '"' && cookieHeader.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        int dot1 = indexOf(cookieHeader, '.', from, to);
        int dot2 = dot1 < 0 ? -1 : indexOf(cookieHeader, '.', dot1 + 1, to);
        if (dot2 < 0 || indexOf(cookieHeader, '.', dot2 + 1, to) >= 0 || !className(cookieHeader, dot1 + 1, dot2)) {
            return Optional.empty();
        }
        long kbps = digits(cookieHeader, from, dot1, 12);
        long at = digits(cookieHeader, dot2 + 1, to, 12);
        if (kbps <= 0 || kbps > MAX_KBPS || at < 0 || at > nowEpochSecond + CLOCK_SKEW_SECONDS
                || nowEpochSecond - at >= maxAgeSeconds) {
            return Optional.empty();
        }
        return Optional.of(new Measurement(kbps, at));
    }

    /** Where the value of the first {@code mrdn_speed=} pair starts, or -1. */
    private static int valueStart(String header) {
        int pos = 0;
        while (pos < header.length()) {
            while (pos < header.length() && header.charAt(pos) <= ' ') {
                pos++;
            }
            if (header.startsWith(NAME, pos) && pos + NAME.length() < header.length()
                    && header.charAt(pos + NAME.length()) == '=') {
                return pos + NAME.length() + 1;
            }
            pos = header.indexOf(';', pos);
            if (pos < 0) {
                return -1;
            }
            pos++;
        }
        return -1;
    }

    private static int indexOf(String s, char c, int from, int to) {
        int i = s.indexOf(c, from);
        return i < to ? i : -1;
    }

    /** Whether {@code s[from, to)} is {@code [a-z][a-z0-9-]{0,31}}. */
    private static boolean className(String s, int from, int to) {
        if (to <= from || to - from > 32 || s.charAt(from) < 'a' || s.charAt(from) > 'z') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The number {@code s[from, to)} spells in at most {@code maxLength} decimal digits, or -1. */
    private static long digits(String s, int from, int to, int maxLength) {
        if (to <= from || to - from > maxLength) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
