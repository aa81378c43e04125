package dev.meridian.edge.route;

import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.PropertyConfig;

/**
 * Where a request goes: its property, the origin chosen for it, the path and query to ask the origin
 * for (as received, percent-encoding untouched) and the canonical URL that keys the cache.
 */
public record Route(PropertyConfig property, OriginConfig origin, String originPath, String rawQuery, String url) {
    /** Path and query as sent to the origin. */
    public String originTarget() {
        return rawQuery.isEmpty() ? originPath : originPath + "?" + rawQuery;
    }
}
