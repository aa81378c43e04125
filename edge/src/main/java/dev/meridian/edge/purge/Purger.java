package dev.meridian.edge.purge;

import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.cache.TieredCache;
import java.util.List;

/** Applies purges to a POP's cache tiers and then to everything derived from what they held. */
public final class Purger {
    private final TieredCache cache;
    private final PurgeHooks hooks;

    public Purger(TieredCache cache, PurgeHooks hooks) {
        this.cache = cache;
        this.hooks = hooks;
    }

    /** What one purge did. */
    public record Result(int purged, int derived, long nanos) {
    }

    /** Blocking (the disk tier): call from a worker thread. */
    public Result purge(List<KeyRange> ranges, boolean soft) {
        long t0 = System.nanoTime();
        int purged = 0;
        int derived = 0;
        for (KeyRange r : ranges) {
            purged += cache.purge(r, soft);
            derived += hooks.purge(r, soft);
        }
        return new Result(purged, derived, System.nanoTime() - t0);
    }

    /**
     * Purges the responses carrying {@code tag} within the ranges, then what is derived from their URLs.
     * Blocking (the disk tier): call from a worker thread.
     */
    public Result purgeTag(String tag, List<KeyRange> within, boolean soft) {
        long t0 = System.nanoTime();
        TieredCache.TagPurge purged = cache.purgeTag(tag, within, soft);
        int derived = 0;
        for (String url : purged.urls()) {
            derived += hooks.purge(KeyRange.url(url), soft);
        }
        return new Result(purged.touched(), derived, System.nanoTime() - t0);
    }
}
