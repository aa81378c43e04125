package dev.meridian.edge.image;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.cache.PurgeMark;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.purge.DerivedContent;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.ImageInfo;
import dev.meridian.imaging.Imaging;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kept renditions: stored in the POP's cache tiers (memory, and disk when the POP has one, so they
 * survive a restart) under {@link RenditionKey#cacheKey()}, with a storage quota per customer
 * accounted here. A customer going over its quota gets room by reclaiming its own renditions that
 * were used least, the longest-idle first among equals, down to {@link #RECLAIM_TO} of the quota so
 * reclaim does not run on every store.
 *
 * <p>The accounting is rebuilt at start from the keys the disk tier kept, with the bytes each takes
 * there, so quotas hold across restarts. Use counts start again from zero, ordered by the disk tier's
 * own idea of value so reclaim still takes the coldest first. A rendition the tiers
 * evicted on their own (no tier holds it any more) leaves the accounting before the next store or
 * quota check; a lookup that misses one drops it too.
 *
 * <p>Rendition keys start with their source URL, so the cache's own purge of a URL, prefix or host
 * removes the renditions from every tier in the same range walk; {@link #purge} then drops them from
 * the accounting, in time proportional to what the range holds.
 */
public final class RenditionStore implements DerivedContent {
    private static final Logger log = LoggerFactory.getLogger(RenditionStore.class);
    static final double RECLAIM_TO = 0.9;
    static final long IDLE_GRAIN_MILLIS = 1000;

    private final TieredCache cache;
    private final Imaging imaging;
    private final ToLongFunction<String> quota;
    private final LongSupplier clock;
    /** By cache key; changed only under this store's lock, read without it. */
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The same cache keys in URL order, for purge ranges. */
    private final ConcurrentSkipListSet<String> sorted = new ConcurrentSkipListSet<>();
    private final Map<String, AtomicLong> usage = new ConcurrentHashMap<>();
    /**
     * Accounted keys a tier evicted, settled later: the tiers tell of evictions under their own locks,
     * where taking this store's lock could deadlock. Bounded by the accounted keys.
     */
    private final Queue<String> evicted = new ConcurrentLinkedQueue<>();

    /**
     * @param imaging reads the size of a rendition found on disk after a restart
     * @param quota   bytes of renditions each customer may keep
     * @param clock   milliseconds, for idle times
     */
    public RenditionStore(TieredCache cache, Imaging imaging, ToLongFunction<String> quota, LongSupplier clock) {
        this.cache = cache;
        this.imaging = imaging;
        this.quota = quota;
        this.clock = clock;
        rebuild();
        cache.onEvicted(key -> {
            if (entries.containsKey(key)) {
                evicted.offer(key);
            }
        });
    }

    /** Forgets the evicted renditions that no tier holds any more. */
    private void settleEvictions() {
        String k;
        while ((k = evicted.poll()) != null) {
            Entry e = entries.get(k);
            if (e != null && cache.storedBytes(k) < 0) {
                forget(k, e);
            }
        }
    }

    private static final class Entry {
        final RenditionKey key;
        final long bytes;
        /** Bumped by every hit on every I/O thread: striped, so a hot rendition's hits do not contend. */
        final LongAdder uses = new LongAdder();
        volatile long lastUsed;
        /** "WxH", or null while unknown (a rendition found on disk after a restart, not yet read). */
        volatile String size;
        volatile int width;
        volatile int height;

        Entry(RenditionKey key, long bytes, long now) {
            this.key = key;
            this.bytes = bytes;
            this.lastUsed = now;
        }

        void shape(int w, int h) {
            width = w;
            height = h;
            size = w + "x" + h;
        }
    }

    private void rebuild() {
        long t0 = System.nanoTime();
        long now = clock.getAsLong();
        // Use counts are not kept across a restart; the disk tier's own order (least valuable first)
        // stands in for them as idle times, one millisecond apart, so reclaim still takes the coldest first.
        List<Entry> found = new ArrayList<>();
        cache.forEachPersisted((key, bytes) -> RenditionKey.fromCacheKey(key).ifPresent(k -> found.add(new Entry(k, bytes, 0))));
        synchronized (this) {
            for (int i = 0; i < found.size(); i++) {
                Entry e = found.get(i);
                e.lastUsed = now - found.size() + i;
                account(e.key.cacheKey(), e);
            }
        }
        if (!entries.isEmpty()) {
            log.info("renditions: {} kept on disk, accounted in {} ms", entries.size(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Where the cache's purge log stands: take it before rendering, pass it to {@link #put}. */
    public PurgeMark purgeMark() {
        return cache.purgeMark();
    }

    /** Whether a tier that may block (disk) stands behind memory: then {@link #lookup} is for worker threads. */
    boolean blockingTiers() {
        return cache.layered();
    }

    /** The rendition if memory holds it (and its size is known), counted as used; never blocks. */
    public StoredRendition peek(RenditionKey key) {
        String k = key.cacheKey();
        Entry e = entries.get(k);
        if (e == null || e.size == null) {
            return null;
        }
        CachedResponse r = cache.peekKey(k);
        return r == null ? null : used(e, r);
    }

    /** The rendition from any tier, counted as used, or null; may block on the disk tier (worker threads). */
    public StoredRendition lookup(RenditionKey key) {
        String k = key.cacheKey();
        Entry e = entries.get(k);
        CachedResponse r = cache.lookupKey(k);
        if (r == null) {
            if (e != null) {
                // Evicted by its tier: no longer costs the customer anything.
                forget(k, e);
            }
            return null;
        }
        if (e == null) {
            long bytes = cache.storedBytes(k);
            synchronized (this) {
                e = entries.get(k);
                if (e == null && bytes >= 0) {
                    e = new Entry(key, bytes, clock.getAsLong());
                    account(k, e);
                }
            }
            if (e == null) {
                return null;
            }
        }
        if (e.size == null) {
            try {
                ImageInfo info = imaging.inspect(bytes(r));
                e.shape(info.displayWidth(), info.displayHeight());
            } catch (ImageException x) {
                log.warn("kept rendition {} is unreadable ({}); removed", k, x.getMessage());
                cache.remove(k);
                forget(k, e);
                return null;
            }
        }
        return used(e, r);
    }

    @SuppressWarnings("ReferenceEquality") // a new shape is a new string, so identity tells whether it changed
    private StoredRendition used(Entry e, CachedResponse r) {
        e.uses.increment();
        long now = clock.getAsLong();
        // Idle order needs no finer grain than this, and a shared write per hit costs a cache line's trip between cores.
        if (now - e.lastUsed >= IDLE_GRAIN_MILLIS) {
            e.lastUsed = now;
        }
        // Kept with the response itself (a new shape is a new string), so a hit allocates nothing here and
        // nothing outlives the tier's copy.
        StoredRendition s = r.derived(StoredRendition.class);
        if (s == null || s.size() != e.size) {
            s = new StoredRendition(r, null, e.width, e.height, e.size);
            r.derive(s);
        }
        return s;
    }

    private static byte[] bytes(CachedResponse r) {
        ByteBuffer body = r.body();
        byte[] b = new byte[body.remaining()];
        body.get(b);
        return b;
    }

    /**
     * Keeps a rendition in the cache tiers, then reclaims the customer's least-used ones if it went
     * over quota. A rendition bigger than the whole quota is not kept, nor one whose original a purge
     * recorded after {@code purgeMark} covered (it may be of the purged content).
     *
     * @return whether it is kept
     */
    public boolean put(RenditionKey key, StoredRendition rendition, PurgeMark purgeMark) {
        settleEvictions();
        long limit = quota.applyAsLong(key.customer());
        if (rendition.bytes() > limit) {
            return false;
        }
        String k = key.cacheKey();
        if (!cache.replace(k, rendition.response(), purgeMark)) {
            return false;
        }
        long bytes = cache.storedBytes(k);
        if (bytes < 0) {
            return false;
        }
        Entry e = new Entry(key, bytes, clock.getAsLong());
        e.shape(rendition.width(), rendition.height());
        synchronized (this) {
            account(k, e);
            if (accounted(key.customer()) > limit) {
                reclaim(key.customer(), (long) (limit * RECLAIM_TO), k);
            }
        }
        if (cache.purgedSince(purgeMark, k)) {
            // A purge ran between the store and the accounting: it found nothing to forget.
            cache.remove(k);
            forget(k, e);
            return false;
        }
        return true;
    }

    @GuardedBy("this")
    private void account(String k, Entry e) {
        Entry old = entries.put(k, e);
        AtomicLong used = usage.computeIfAbsent(e.key.customer(), c -> new AtomicLong());
        if (old != null) {
            usage.get(old.key.customer()).addAndGet(-old.bytes);
        }
        used.addAndGet(e.bytes);
        sorted.add(k);
    }

    /** Drops this very entry from the accounting (not a newer one under the same key). */
    private synchronized boolean forget(String k, Entry e) {
        if (!entries.remove(k, e)) {
            return false;
        }
        usage.get(e.key.customer()).addAndGet(-e.bytes);
        sorted.remove(k);
        return true;
    }

    /** Removes the customer's least-used, longest-idle renditions (but {@code keep}) down to target. */
    @GuardedBy("this")
    private void reclaim(String customer, long target, String keep) {
        List<Map.Entry<String, Entry>> mine = new ArrayList<>();
        entries.entrySet().forEach(e -> {
            if (e.getValue().key.customer().equals(customer) && !e.getKey().equals(keep)) {
                mine.add(e);
            }
        });
        mine.sort(Comparator.<Map.Entry<String, Entry>>comparingLong(e -> e.getValue().uses.sum())
                .thenComparingLong(e -> e.getValue().lastUsed));
        for (Map.Entry<String, Entry> e : mine) {
            if (accounted(customer) <= target) {
                break;
            }
            cache.remove(e.getKey());
            forget(e.getKey(), e.getValue());
        }
    }

    /**
     * After the cache purged a range (which took the renditions of its originals out of every tier):
     * forgets them here. A soft purge keeps renditions: they are keyed by the original's validator,
     * so if revalidation brings a changed original its renditions are new ones, and if not, these
     * are still right.
     */
    @Override
    public int purge(KeyRange sources, boolean soft) {
        if (soft) {
            return 0;
        }
        int removed = 0;
        for (String k : List.copyOf(sorted.subSet(sources.from(), true, sources.to(), false))) {
            Entry e = entries.get(k);
            if (e != null && forget(k, e)) {
                // Normally gone already; this covers a purge that did not go through the cache.
                cache.remove(k);
                removed++;
            }
        }
        return removed;
    }

    /** Bytes of renditions the customer keeps now (as stored: on disk when the POP has a disk tier). */
    public long usedBy(String customer) {
        settleEvictions();
        return accounted(customer);
    }

    private long accounted(String customer) {
        AtomicLong used = usage.get(customer);
        return used == null ? 0 : used.get();
    }

    /**
     * Bytes of the renditions kept whose originals' URLs start with {@code urlPrefix} (an origin's
     * {@code scheme://host/}): a walk over just those keys.
     */
    public long storedUnder(String urlPrefix) {
        settleEvictions();
        long bytes = 0;
        for (String k : sorted.subSet(urlPrefix, urlPrefix + Character.MAX_VALUE)) {
            Entry e = entries.get(k);
            if (e != null) {
                bytes += e.bytes;
            }
        }
        return bytes;
    }

    /** Renditions kept, all customers. */
    public int count() {
        settleEvictions();
        return entries.size();
    }

    /** The kept renditions of an original's URL, every variant and spec (accounted, as {@link #contains}). */
    public List<RenditionKey> keptOf(String sourceUrl) {
        settleEvictions();
        // Rendition keys start with their source URL and the separator, which sorts below anything a URL holds.
        return sorted.subSet(sourceUrl + RenditionKey.SEPARATOR, true, sourceUrl + (char) (RenditionKey.SEPARATOR + 1), false)
                .stream().flatMap(k -> RenditionKey.fromCacheKey(k).stream()).toList();
    }

    /** Whether the rendition is kept (accounted; a tier may have evicted it since). */
    public boolean contains(RenditionKey key) {
        settleEvictions();
        return entries.containsKey(key.cacheKey());
    }
}
