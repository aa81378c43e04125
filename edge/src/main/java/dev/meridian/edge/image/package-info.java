/**
 * Speed-aware delivery: each image goes out as the rendition for the client's measured speed class
 * (or a signed explicit transformation), HTML pages carry the scripts that measure that speed, and a
 * progressive rendition may be streamed scan by scan within a time budget.
 *
 * <p>{@link dev.meridian.edge.image.SpeedAwareOutbound} is the edge's {@link
 * dev.meridian.edge.proxy.Outbound} and {@link dev.meridian.edge.proxy.FillListener}. On the way in it
 * takes signed transformation parameters off the URL ({@link dev.meridian.edge.image.UrlSigner}), so
 * the cache and the origin see only the original. On the way out it classifies the client ({@code
 * edge.speed}) and hands renderable images to {@link dev.meridian.edge.image.ImageRoute}: a kept
 * rendition from {@link dev.meridian.edge.image.RenditionStore} (memory on the I/O thread, disk on a
 * worker), else one render per {@link dev.meridian.edge.image.RenditionKey} on the {@link
 * dev.meridian.edge.image.RenderPool}. After a fill stores an original under pre-render mode it
 * renders every class in the background.
 *
 * <h2>Rules</h2>
 * The cache holds the origin's bytes; what a client gets is derived on the way out, and a rendition is
 * kept, if at all, as content of its own under a key that starts with its original's URL, so purging
 * the original takes its renditions too. Renditions obey the purge rule of {@code edge.cache}: a
 * render carries the purge mark taken before it (the fill's, for a pre-render), and one overtaken by a
 * purge is not kept.
 *
 * <p>No client waits on imaging without bound. Renders run off the I/O threads on a pool of one thread
 * per core with a bounded queue, of which background work may hold only a quarter; a full pool, an
 * image the library refuses, or a render slower than {@code images.renderWait} gets the client the
 * original instead, at once, while a render already under way goes on for the next request.
 */
package dev.meridian.edge.image;
