package dev.meridian.edge.image;

import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.imaging.layers.ProgressiveLayers;

/**
 * A rendition ready to send: the response (headers and body) and, for a progressive JPEG, its scans
 * for layered delivery (null otherwise). {@code hitHeader} is its {@code X-Meridian-Rendition} value
 * when served as a kept one, built once rather than on every hit.
 */
public record StoredRendition(CachedResponse response, ProgressiveLayers layers, int width, int height, String size,
                              String hitHeader) {
    public StoredRendition(CachedResponse response, ProgressiveLayers layers, int width, int height) {
        this(response, layers, width, height, width + "x" + height);
    }

    public StoredRendition(CachedResponse response, ProgressiveLayers layers, int width, int height, String size) {
        this(response, layers, width, height, size, "hit; " + size);
    }

    /** This rendition with its scans at hand for layered delivery. */
    public StoredRendition withLayers(ProgressiveLayers scans) {
        return new StoredRendition(response, scans, width, height, size, hitHeader);
    }

    public int bytes() {
        return response.weight();
    }
}
