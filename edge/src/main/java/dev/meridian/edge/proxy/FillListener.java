package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.PurgeMark;
import dev.meridian.edge.route.Route;

/**
 * Told of each response an origin fill stored in the cache (a new or changed object, not a
 * revalidation that kept the stored one): the hook for work that should follow a fill, such as
 * pre-rendering an image's renditions. Runs on the fill's worker thread before the waiting clients
 * are answered, so it must only hand work off, never do it.
 */
@FunctionalInterface
public interface FillListener {
    /**
     * @param route     the request's route (property, origin path, canonical URL)
     * @param key       the key the response is stored under: the URL, or a variant key when it has Vary
     * @param response  the response as stored
     * @param purgeMark the cache's purge mark taken before the fill asked the origin: work derived from
     *                  this response passes it on, so a purge that overtook the fill also undoes that work
     */
    void stored(Route route, String key, CachedResponse response, PurgeMark purgeMark);
}
