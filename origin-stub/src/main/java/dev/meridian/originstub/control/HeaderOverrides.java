package dev.meridian.originstub.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Extra or replaced response headers per path prefix, applied to full and 304 answers alike: lets a
 * test change what the origin says (Cache-Control, a marker header) while the validators stay the same,
 * to see a 304 refresh a cache's stored headers. The longest matching prefix wins.
 */
public final class HeaderOverrides {
    private final Map<String, Map<String, String>> byPrefix = new ConcurrentHashMap<>();

    /** Sets the overrides for a prefix; an empty map removes them. */
    public void set(String pathPrefix, Map<String, String> headers) {
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must start with '/'");
        }
        if (headers.isEmpty()) {
            byPrefix.remove(pathPrefix);
        } else {
            byPrefix.put(pathPrefix, Map.copyOf(headers));
        }
    }

    public void clear() {
        byPrefix.clear();
    }

    /** The headers with this path's overrides applied (case-insensitive replace, else append). */
    public Map<String, String> apply(String path, Map<String, String> headers) {
        String best = null;
        for (String prefix : byPrefix.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return headers;
        }
        Map<String, String> out = new LinkedHashMap<>(headers);
        byPrefix.get(best).forEach((name, value) -> {
            out.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            out.put(name, value);
        });
        return out;
    }
}
