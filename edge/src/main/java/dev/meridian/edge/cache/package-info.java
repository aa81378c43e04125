/**
 * A POP's cache: tiers of stored responses and the HTTP caching rules (RFC 9111) that decide what
 * may be stored, for how long, and when it must be revalidated.
 *
 * <p>{@link dev.meridian.edge.cache.TieredCache} puts the {@link dev.meridian.edge.cache.MemoryTier}
 * (Caffeine, weighed in bytes) in front of slower {@link dev.meridian.edge.cache.CacheTier}s (the disk
 * tier, in {@code cache.disk}). Stores and removals go to every tier; a hit in a slower tier is
 * promoted to memory when it is small enough. A stored response is an immutable {@link
 * dev.meridian.edge.cache.CachedResponse}; {@link dev.meridian.edge.cache.Freshness} and {@link
 * dev.meridian.edge.cache.StoragePolicy} are the pure arithmetic and rules it is judged by.
 *
 * <h2>Keys</h2>
 * Every key starts with the canonical origin URL it belongs to ({@link
 * dev.meridian.edge.cache.CacheKeys}): a response that varies is stored under its URL followed by a
 * control character and the values it varies on, with a {@link dev.meridian.edge.cache.VaryIndex}
 * under the URL itself; renditions derived from a response follow the same pattern. So a URL with
 * all its variants and derivatives, a URL prefix, or a whole origin is one contiguous {@link
 * dev.meridian.edge.cache.KeyRange}, and tiers that keep their keys sorted purge in time proportional
 * to what the range holds, not to what the cache holds.
 *
 * <h2>Blocking</h2>
 * {@link dev.meridian.edge.cache.TieredCache#peek} never blocks (memory, and disk objects whose pages
 * are already resident) and is what I/O threads call; {@link
 * dev.meridian.edge.cache.TieredCache#lookup}, stores, invalidations and purges may touch the disk
 * and run only off the I/O threads (the worker, render and admin pools).
 *
 * <h2>Purges overtake fills</h2>
 * A fill that began before a purge must not put the purged content back. Every purge is recorded in
 * the numbered {@link dev.meridian.edge.cache.PurgeLog} before it removes anything; a writer takes
 * {@link dev.meridian.edge.cache.TieredCache#purgeMark()} before it reads or asks the origin, stores,
 * and then asks whether a purge recorded after its mark covers the key. One of the two always sees
 * the other: either the purge removes what was stored, or the writer takes it out of every tier again
 * (the marked {@code store}, {@code replace} and {@code openStream} do this, and say so to the caller).
 * The log is bounded; a mark older than all it keeps counts as purged.
 */
package dev.meridian.edge.cache;
