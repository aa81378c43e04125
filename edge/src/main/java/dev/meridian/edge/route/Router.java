package dev.meridian.edge.route;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.core.config.Hostnames;
import dev.meridian.edge.cache.CacheKeys;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a request to a property and origin. The Host header selects the property; a first path
 * segment naming one of that property's origins ({@code /www.acme.test/a.jpg}) selects that origin,
 * otherwise the property's first origin serves the whole path. Nothing outside the config is ever
 * reachable: unknown hosts are refused, so the edge is no open proxy. Immutable: a config reload
 * builds a new router.
 */
public final class Router {
    static final int MAX_TARGET_LENGTH = 8192;

    private final Map<String, PropertyConfig> byHost;

    public Router(MeridianConfig config) {
        Map<String, PropertyConfig> m = new HashMap<>();
        config.customers().forEach(c -> c.properties().forEach(p -> m.put(p.host().toLowerCase(Locale.ROOT), p)));
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
        PropertyConfig property = byHost.get(host);
        if (property == null) {
            throw new Rejection(404, "no property is configured for host '" + host + "' on this edge (it is not an open proxy)");
        }
        if (property.origins().isEmpty()) {
            throw new Rejection(404, "property '" + property.host() + "' has no origin to serve content from");
        }
        checkTarget(rawPath, rawQuery);
        OriginConfig origin = property.origins().get(0);
        String path = rawPath;
        int second = rawPath.indexOf('/', 1);
        String firstSegment = second < 0 ? rawPath.substring(1) : rawPath.substring(1, second);
        Optional<OriginConfig> named = firstSegment.isEmpty() ? Optional.empty() : property.origin(firstSegment);
        if (named.isPresent()) {
            origin = named.get();
            path = second < 0 ? "/" : rawPath.substring(second);
        }
        String scheme = origin.uri().getScheme().toLowerCase(Locale.ROOT);
        return new Route(property, origin, path, rawQuery, CacheKeys.url(scheme, origin.host(), path, rawQuery));
    }

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
        if (!Hostnames.isValid(h) && !h.matches("\\[[0-9a-f:.]+]")) {
            throw new Rejection(400, "malformed Host header");
        }
        return h;
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
            String segment = rawPath.substring(start, end).toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (segment.equals(".") || segment.equals("..")) {
                throw new Rejection(400, "dot segments ('.' or '..') are not allowed in the path");
            }
            start = end + 1;
        }
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
