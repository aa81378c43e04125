/**
 * Purging a POP: {@code POST /purge} on its admin listener turns a URL, a URL prefix or a host into
 * ranges of cache keys, or a tag into the keys carrying it within the customer's ranges, and removes
 * them (hard) or marks them for revalidation (soft), together with everything derived from them.
 *
 * <p>{@link dev.meridian.edge.purge.PurgeHandler} checks the bearer token on the admin I/O thread and
 * runs the purge itself on a worker, since the disk tier blocks. {@link
 * dev.meridian.edge.purge.PurgeRequest} parses the JSON, {@link dev.meridian.edge.purge.PurgeTargets}
 * resolves it to {@link dev.meridian.edge.cache.KeyRange}s, {@link
 * dev.meridian.edge.purge.PurgeAuthorizer} decides whether the token may, and {@link
 * dev.meridian.edge.purge.Purger} applies it: first to the cache tiers ({@link
 * dev.meridian.edge.cache.TieredCache#purge}, which records it in the purge log so fills already under
 * way are undone), then to each registered {@link dev.meridian.edge.purge.DerivedContent} (kept image
 * renditions) through {@link dev.meridian.edge.purge.PurgeHooks}.
 *
 * <h2>Rules</h2>
 * A purge means exactly what a request for the same URL would have meant: targets are resolved
 * through the edge's own {@link dev.meridian.edge.route.Router}, so the CDN hostname, the
 * origin-in-path form and the origin's own URL all name one canonical key. A customer's token may
 * purge only content of that customer's properties; a purge that would reach another customer's
 * property (one origin host behind two properties) is refused whole. Tokens are compared in constant
 * time and never logged.
 */
package dev.meridian.edge.purge;
