package dev.meridian.edge.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.imaging.CorruptImageException;
import dev.meridian.imaging.layers.ProgressiveLayers;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The scan boundaries of kept renditions, for layered delivery. The tiers keep a rendition's bytes
 * only; its scans are cut once (one pass over the bytes) when layered delivery first needs them and
 * remembered beside the very response object the memory tier holds, so layered hits cost no parsing.
 * Keyed by identity and held weakly: a rendition the memory tier drops or a purge removes takes its
 * entry with it, and a re-rendered one is a new object that can never be served someone else's scans.
 */
final class RenditionLayers {
    /** Scans kept for renditions whose bytes live off-heap or on disk are a copy; this bounds those copies. */
    static final long MAX_BYTES = 64L << 20;

    private final Cache<CachedResponse, Optional<ProgressiveLayers>> byResponse = Caffeine.newBuilder()
            .weakKeys()
            .maximumWeight(MAX_BYTES)
            .weigher((CachedResponse r, Optional<ProgressiveLayers> l) -> l.isPresent() ? r.bodyLength() : 1)
            .build();

    /** Remembers the scans a render produced (null when the rendition is not progressive). */
    void remember(CachedResponse response, ProgressiveLayers layers) {
        byResponse.put(response, Optional.ofNullable(layers));
    }

    /** The rendition with its scans (or known to have none) if that is at hand, else null. Never parses: I/O threads. */
    StoredRendition cached(StoredRendition r) {
        Optional<ProgressiveLayers> known = byResponse.getIfPresent(r.response());
        return known == null ? null : with(r, known);
    }

    /** The rendition with its scans, cut from its bytes when not at hand; as it is when it is no progressive JPEG. */
    StoredRendition of(StoredRendition r) {
        return with(r, byResponse.get(r.response(), RenditionLayers::split));
    }

    private static StoredRendition with(StoredRendition r, Optional<ProgressiveLayers> layers) {
        return r.withLayers(layers.orElse(null));
    }

    private static Optional<ProgressiveLayers> split(CachedResponse r) {
        if (!"image/jpeg".equals(r.first("Content-Type"))) {
            return Optional.empty();
        }
        ByteBuffer body = r.body();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        try {
            return Optional.of(ProgressiveLayers.split(bytes));
        } catch (CorruptImageException notProgressive) {
            return Optional.empty();
        }
    }
}
