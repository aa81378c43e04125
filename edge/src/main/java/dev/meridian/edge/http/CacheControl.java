package dev.meridian.edge.http;

import java.util.Locale;

/**
 * The Cache-Control directives a shared cache acts on (RFC 9111 section 5.2). Delta-seconds are
 * {@link #ABSENT} when the directive is missing. Qualified forms ({@code private="Set-Cookie"},
 * {@code no-cache="..."}) are treated as their unqualified, more conservative form.
 */
public record CacheControl(
        long maxAge,
        long sMaxAge,
        boolean noStore,
        boolean noCache,
        boolean isPrivate,
        boolean isPublic,
        boolean mustRevalidate,
        boolean proxyRevalidate,
        long staleWhileRevalidate,
        long staleIfError,
        boolean mustUnderstand) {

    public static final long ABSENT = -1;
    /** RFC 9111 1.2.2: delta-seconds beyond 2^31 are sent as 2^31. */
    static final long MAX_DELTA = 2147483648L;
    public static final CacheControl NONE = new CacheControl(ABSENT, ABSENT, false, false, false, false, false, false, ABSENT, ABSENT, false);

    /** Parses one or more Cache-Control field values (null or empty means no directives). */
    public static CacheControl parse(Iterable<String> fieldValues) {
        if (fieldValues == null) {
            return NONE;
        }
        Builder b = new Builder();
        for (String value : fieldValues) {
            if (value != null) {
                parseInto(value, b);
            }
        }
        return b.build();
    }

    public static CacheControl parse(String fieldValue) {
        if (fieldValue == null || fieldValue.isEmpty()) {
            return NONE;
        }
        Builder b = new Builder();
        parseInto(fieldValue, b);
        return b.build();
    }

    /** A shared cache must not serve this stale (must-revalidate or proxy-revalidate or s-maxage). */
    public boolean forbidsStale() {
        return mustRevalidate || proxyRevalidate || sMaxAge != ABSENT;
    }

    private static void parseInto(String s, Builder b) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            String name = s.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String arg = null;
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder q = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        q.append(s.charAt(i++));
                    }
                    i++;
                    arg = q.toString();
                    while (i < n && s.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int argStart = i;
                    while (i < n && s.charAt(i) != ',') {
                        i++;
                    }
                    arg = s.substring(argStart, i).trim();
                }
            }
            if (!name.isEmpty()) {
                b.apply(name, arg);
            }
        }
    }

    /** Parses delta-seconds; a malformed value is {@code malformed}, huge values are capped (RFC 9111 1.2.2). */
    public static long deltaSeconds(String arg, long malformed) {
        if (arg == null || arg.isEmpty()) {
            return malformed;
        }
        long v = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c < '0' || c > '9') {
                return malformed;
            }
            v = v * 10 + (c - '0');
            if (v > MAX_DELTA) {
                return MAX_DELTA;
            }
        }
        return v;
    }

    private static final class Builder {
        long maxAge = ABSENT;
        long sMaxAge = ABSENT;
        boolean noStore;
        boolean noCache;
        boolean isPrivate;
        boolean isPublic;
        boolean mustRevalidate;
        boolean proxyRevalidate;
        long swr = ABSENT;
        long sie = ABSENT;
        boolean mustUnderstand;

        void apply(String name, String arg) {
            switch (name) {
                // A malformed max-age makes the response stale rather than fresh forever (RFC 9111 4.2.1).
                case "max-age" -> maxAge = maxAge == ABSENT ? deltaSeconds(arg, 0) : Math.min(maxAge, deltaSeconds(arg, 0));
                case "s-maxage" -> sMaxAge = sMaxAge == ABSENT ? deltaSeconds(arg, 0) : Math.min(sMaxAge, deltaSeconds(arg, 0));
                case "no-store" -> noStore = true;
                case "no-cache" -> noCache = true;
                case "private" -> isPrivate = true;
                case "public" -> isPublic = true;
                case "must-revalidate" -> mustRevalidate = true;
                case "proxy-revalidate" -> proxyRevalidate = true;
                case "stale-while-revalidate" -> swr = deltaSeconds(arg, ABSENT);
                case "stale-if-error" -> sie = deltaSeconds(arg, ABSENT);
                case "must-understand" -> mustUnderstand = true;
                default -> {
                    // Unknown extensions are ignored, as RFC 9111 5.2.3 requires.
                }
            }
        }

        CacheControl build() {
            return new CacheControl(maxAge, sMaxAge, noStore, noCache, isPrivate, isPublic, mustRevalidate, proxyRevalidate, swr, sie,
                    mustUnderstand);
        }
    }
}
