package dev.meridian.edge.purge;

import dev.meridian.edge.cache.KeyRange;

/**
 * Something the edge keeps that is derived from cached objects (image renditions, for one) and
 * must go when its source is purged. Registered with {@link PurgeHooks}; called after the cache
 * tiers were purged, with the canonical-URL ranges the purge covered.
 */
@FunctionalInterface
public interface DerivedContent {
    /**
     * @param sources canonical source URLs purged (a URL's range covers its variants)
     * @param soft    true when the sources were only marked stale: derived objects may be kept for
     *                revalidation or dropped, as the implementation prefers
     * @return how many derived objects were removed or marked
     */
    int purge(KeyRange sources, boolean soft);
}
