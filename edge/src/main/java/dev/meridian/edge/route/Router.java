package dev.meridian.edge.route;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.core.config.Hostnames;
import dev.meridian.edge.cache.CacheKeys;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a request to a property and origin. The Host header selects the property; a first path
 * segment naming one of that property's origins ({@code /www.acme.test/a.jpg}) selects that origin,
 * otherwise the property's first origin serves the whole path. Nothing outside the config is ever
 * reachable: unknown hosts are refused, so the edge is no open proxy. Immutable: a config reload
 * builds a new router.
 */
public final class Router {
    static final int MAX_TARGET_LENGTH = 8192;

    private final Map<String, Site> byHost;

    /** A property with what routing needs precomputed: this runs for every request, hits included. */
    private record Site(PropertyConfig property, OriginConfig first, String firstScheme, Map<String, OriginConfig> origins,
                        Map<OriginConfig, String> schemes) {
        static Site of(PropertyConfig p) {
            Map<String, OriginConfig> origins = new HashMap<>();
            Map<OriginConfig, String> schemes = new HashMap<>();
            for (OriginConfig o : p.origins()) {
                origins.putIfAbsent(o.host().toLowerCase(Locale.ROOT), o);
                schemes.put(o, o.uri().getScheme().toLowerCase(Locale.ROOT));
            }
            OriginConfig first = p.origins().isEmpty() ? null : p.origins().get(0);
            return new Site(p, first, first == null ? null : schemes.get(first), Map.copyOf(origins), Map.copyOf(schemes));
        }
    }

    public Router(MeridianConfig config) {
        Map<String, Site> m = new HashMap<>();
        config.customers().forEach(c -> c.properties().forEach(p -> m.put(p.host().toLowerCase(Locale.ROOT), Site.of(p))));
        this.byHost = Map.copyOf(m);
    }

    /**
     * @param hostHeader the Host header (may carry a port), or null when missing
     * @param rawPath    the request path exactly as received
     * @param rawQuery   the query as received without '?', or empty
     */
    public Route route(String hostHeader, String rawPath, String rawQuery) throws Rejection {
        if (hostHeader == null || hostHeader.isEmpty()) {
            throw new Rejection(400, "missing Host header");
        }
        String host = hostOf(hostHeader);
        Site site = byHost.get(host);
        if (site == null) {
            // Only the unknown pay for full validation: a configured host is a valid one.
            checkHost(host);
            throw new Rejection(404, "no property is configured for host '" + host + "' on this edge (it is not an open proxy)");
        }
        if (site.first() == null) {
            throw new Rejection(404, "property '" + site.property().host() + "' has no origin to serve content from");
        }
        checkTarget(rawPath, rawQuery);
        OriginConfig origin = site.first();
        String scheme = site.firstScheme();
        String path = rawPath;
        int second = rawPath.indexOf('/', 1);
        String firstSegment = second < 0 ? rawPath.substring(1) : rawPath.substring(1, second);
        OriginConfig named = firstSegment.isEmpty() ? null : site.origins().get(firstSegment.toLowerCase(Locale.ROOT));
        if (named != null) {
            origin = named;
            scheme = site.schemes().get(named);
            path = second < 0 ? "/" : rawPath.substring(second);
        }
        return new Route(site.property(), origin, path, rawQuery, CacheKeys.url(scheme, origin.host(), path, rawQuery));
    }

    /** The Host header's host, lower-case, without port or trailing dot. */
    private static String hostOf(String hostHeader) throws Rejection {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            String port = h.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                throw new Rejection(400, "malformed Host header");
            }
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static void checkHost(String host) throws Rejection {
        if (!Hostnames.isValid(host) && !host.matches("\\[[0-9a-f:.]+]")) {
            throw new Rejection(400, "malformed Host header");
        }
    }

    /**
     * Refuses targets an origin could read differently than the cache key does: dot segments (plain
     * or percent-encoded), encoded NUL/CR/LF/backslash/slash tricks, and characters outside RFC 3986.
     */
    static void checkTarget(String rawPath, String rawQuery) throws Rejection {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new Rejection(400, "request target must be a path starting with '/' (absolute-form and proxy requests are refused)");
        }
        if (rawPath.length() + rawQuery.length() > MAX_TARGET_LENGTH) {
            throw new Rejection(414, "request target longer than " + MAX_TARGET_LENGTH + " characters");
        }
        checkChars(rawPath, false);
        checkChars(rawQuery, true);
        int start = 1;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            if (isDotSegment(rawPath, start, end)) {
                throw new Rejection(400, "dot segments ('.' or '..') are not allowed in the path");
            }
            start = end + 1;
        }
    }

    /** Whether path[start, end) is "." or "..", each dot plain or as %2e (any case). */
    private static boolean isDotSegment(String path, int start, int end) {
        int dots = 0;
        int i = start;
        while (i < end) {
            if (path.charAt(i) == '.') {
                i++;
            } else if (path.startsWith("%2e", i) || path.startsWith("%2E", i)) {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }

    private static void checkChars(String s, boolean query) throws Rejection {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    throw new Rejection(400, "malformed percent-encoding in the request target");
                }
                int decoded = hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2));
                if (decoded < 0x20 || decoded == 0x7f || (!query && (decoded == '/' || decoded == '\\'))) {
                    throw new Rejection(400, "encoded control character, slash or backslash in the request target");
                }
                i += 2;
            } else if (!allowed(c, query)) {
                throw new Rejection(400, "character not allowed in the request target: 0x" + Integer.toHexString(c));
            }
        }
    }

    private static boolean allowed(char c, boolean query) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "-._~!$&'()*+,;=:@/".indexOf(c) >= 0 || (query && c == '?');
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
