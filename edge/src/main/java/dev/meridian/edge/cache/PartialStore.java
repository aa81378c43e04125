package dev.meridian.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;

/**
 * The {@link StoredRanges} of URLs held in part, in memory only: the disk tier stores whole
 * responses, and a partial object that becomes complete is handed to the tiers as one. Bounded by
 * weight (the sum of what every URL holds) and per URL ({@link #maxBytesPerUrl}, {@link StoredRanges#MAX_PIECES}).
 * Responses that vary are not held in part: parts are kept per URL.
 */
public final class PartialStore {
    private final Cache<String, StoredRanges> held;
    private final long maxBytesPerUrl;

    /** @param maxBytes the weight of everything held; one URL holds at most a quarter of it */
    public PartialStore(long maxBytes) {
        this.maxBytesPerUrl = Math.max(1, maxBytes / 4);
        this.held = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String url, StoredRanges r) -> r.weight() + 2 * url.length())
                .executor(Runnable::run)
                .build();
    }

    /** What is held for a URL, or null. */
    public StoredRanges get(String url) {
        return held.getIfPresent(url);
    }

    /** The most part bytes one URL may hold. */
    public long maxBytesPerUrl() {
        return maxBytesPerUrl;
    }

    /** Adds a 206's part ({@link StoredRanges#merge}); returns what is then held, or null when nothing is. */
    StoredRanges add(String url, CachedResponse head, long total, long first, byte[] bytes) {
        if (!head.varyNames().isEmpty()) {
            return null;
        }
        return held.asMap().compute(url, (u, old) -> {
            StoredRanges merged = StoredRanges.merge(old, head, total, first, bytes, maxBytesPerUrl);
            // A part too large to keep still tells whether the old ones are of another representation.
            return merged != null ? merged : old != null && old.describes(head, total) ? old : null;
        });
    }

    /** Remembers a representation's length and validator ({@link StoredRanges#remember}); null when it cannot be. */
    StoredRanges remember(String url, CachedResponse head, long total) {
        if (!head.varyNames().isEmpty()) {
            return null;
        }
        return held.asMap().compute(url, (u, old) -> StoredRanges.remember(old, head, total));
    }

    void remove(String url) {
        held.invalidate(url);
    }

    void removeRange(KeyRange range) {
        held.asMap().keySet().removeIf(range::contains);
    }

    /** Drops what is held for URLs within {@code ranges} whose representation carries {@code tag}. */
    void removeTagged(String tag, List<KeyRange> ranges) {
        held.asMap().entrySet().removeIf(e -> e.getValue().head().tags().contains(tag)
                && ranges.stream().anyMatch(r -> r.contains(e.getKey())));
    }
}
