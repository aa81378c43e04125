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
        String value = value(cookieHeader);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3 || !digits(parts[0], 12) || !digits(parts[2], 12) || !className(parts[1])) {
            return Optional.empty();
        }
        long kbps = Long.parseLong(parts[0]);
        long at = Long.parseLong(parts[2]);
        if (kbps <= 0 || kbps > MAX_KBPS || at > nowEpochSecond + CLOCK_SKEW_SECONDS || nowEpochSecond - at >= maxAgeSeconds) {
            return Optional.empty();
        }
        return Optional.of(new Measurement(kbps, at));
    }

    private static String value(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String pair : cookieHeader.split(";")) {
            String p = pair.trim();
            if (p.startsWith(NAME + "=")) {
                String v = p.substring(NAME.length() + 1).trim();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** {@code [a-z][a-z0-9-]{0,31}}, checked by hand: this runs on every image request. */
    private static boolean className(String s) {
        if (s.isEmpty() || s.length() > 32 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s, int maxLength) {
        if (s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
