/**
 * The edge's request path: from the request Undertow hands over to the response the client gets,
 * through the cache and, when it must, the origin.
 *
 * <p>{@link dev.meridian.edge.proxy.EdgeHandler} is the entry. It routes the request, looks in the
 * cache without blocking ({@link dev.meridian.edge.cache.TieredCache#peek}) and answers a fresh hit,
 * or a stale-while-revalidate one, right there. Everything else is {@link
 * dev.meridian.edge.proxy.CacheFlow}'s: the fill from the slower tiers or the origin, revalidation,
 * stale-if-error, and handing each waiting request its answer. Requests the shared cache must not
 * answer (unsafe methods, credentials, responses that may not be stored) go through {@link
 * dev.meridian.edge.proxy.PassThrough}. {@link dev.meridian.edge.proxy.ResponseWriter} writes every
 * response. Features that change what a client gets without changing what is cached (renditions,
 * HTML injection) hang on the two hooks {@link dev.meridian.edge.proxy.Outbound} and {@link
 * dev.meridian.edge.proxy.FillListener}; this package knows nothing of them.
 *
 * <h2>Threads</h2>
 * Nothing that blocks runs on an Undertow I/O thread. The handler, the fill bookkeeping and the
 * writing of stored responses (asynchronous, the body a view of the stored buffer) run there;
 * origin calls, reads of the disk tier and relays of origin streams run on the edge's bounded worker
 * pool, and their results are handed back to the exchange's I/O thread. When the pool is full the
 * client gets a 503 at once: no queue grows without bound, and no I/O thread waits for a worker.
 *
 * <h2>Coalescing</h2>
 * One fill per cache key at a time ({@link dev.meridian.edge.proxy.FillCoordinator}): the first
 * request starts it on the pool, later ones join its future, and no thread is parked per waiter.
 * Because a request looks in memory before it joins, a fill may finish in between; a request
 * therefore takes a mark before it looks and takes a shareable fill that completed after its mark
 * rather than ask the origin again. A response that was not stored (private, per-user, a live stream,
 * or a store a purge undid) was made with the headers of the request that started the fill and goes
 * to that request alone ({@link dev.meridian.edge.proxy.Fill}'s owner); the others ask again.
 */
package dev.meridian.edge.proxy;
