package dev.meridian.edge.image;

import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.imaging.layers.ProgressiveLayers;

/**
 * A rendition ready to send: the response (headers and body) and, for a progressive JPEG, its scans
 * for layered delivery (null otherwise).
 */
public record StoredRendition(CachedResponse response, ProgressiveLayers layers, int width, int height, String size) {
    public StoredRendition(CachedResponse response, ProgressiveLayers layers, int width, int height) {
        this(response, layers, width, height, width + "x" + height);
    }

    public int bytes() {
        return response.weight();
    }
}
