package dev.meridian.edge.image;

import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.purge.DerivedContent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Kept renditions, with a storage quota per customer. A customer about to go over its quota gets
 * room by reclaiming its own renditions that were used least, the longest-idle first among equals,
 * down to {@link #RECLAIM_TO} of the quota so reclaim does not run on every store. Renditions are
 * indexed by source URL so a purge of an original (a URL, a prefix, a host) removes its renditions
 * in time proportional to what it matches.
 */
public final class RenditionStore implements DerivedContent {
    static final double RECLAIM_TO = 0.9;

    private final ToLongFunction<String> quota;
    private final LongSupplier clock;
    private final Map<RenditionKey, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Set<RenditionKey>> bySource = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> usage = new ConcurrentHashMap<>();

    /**
     * @param quota bytes of renditions each customer may keep
     * @param clock milliseconds, for idle times
     */
    public RenditionStore(ToLongFunction<String> quota, LongSupplier clock) {
        this.quota = quota;
        this.clock = clock;
    }

    private static final class Entry {
        final StoredRendition rendition;
        final AtomicLong uses = new AtomicLong();
        volatile long lastUsed;

        Entry(StoredRendition rendition, long now) {
            this.rendition = rendition;
            this.lastUsed = now;
        }
    }

    /** The rendition, counted as used now, or null. */
    public StoredRendition get(RenditionKey key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        e.uses.incrementAndGet();
        e.lastUsed = clock.getAsLong();
        return e.rendition;
    }

    /**
     * Keeps a rendition, reclaiming the customer's least-used ones first if it would go over quota.
     * A rendition bigger than the whole quota is not kept.
     */
    public synchronized void put(RenditionKey key, StoredRendition rendition) {
        long limit = quota.applyAsLong(key.customer());
        if (rendition.bytes() > limit) {
            return;
        }
        AtomicLong used = usage.computeIfAbsent(key.customer(), c -> new AtomicLong());
        if (used.get() + rendition.bytes() > limit) {
            reclaim(key.customer(), (long) (limit * RECLAIM_TO) - rendition.bytes());
        }
        Entry old = entries.put(key, new Entry(rendition, clock.getAsLong()));
        if (old != null) {
            used.addAndGet(-old.rendition.bytes());
        }
        used.addAndGet(rendition.bytes());
        bySource.computeIfAbsent(key.sourceUrl(), s -> ConcurrentHashMap.newKeySet()).add(key);
    }

    private void reclaim(String customer, long target) {
        List<Map.Entry<RenditionKey, Entry>> mine = new ArrayList<>();
        entries.entrySet().forEach(e -> {
            if (e.getKey().customer().equals(customer)) {
                mine.add(e);
            }
        });
        mine.sort(Comparator.<Map.Entry<RenditionKey, Entry>>comparingLong(e -> e.getValue().uses.get())
                .thenComparingLong(e -> e.getValue().lastUsed));
        AtomicLong used = usage.get(customer);
        for (Map.Entry<RenditionKey, Entry> e : mine) {
            if (used.get() <= target) {
                break;
            }
            remove(e.getKey());
        }
    }

    /**
     * A soft purge keeps renditions: they are keyed by the original's validator, so if revalidation
     * brings a changed original its renditions are new ones, and if not, these are still right.
     */
    @Override
    public int purge(KeyRange sources, boolean soft) {
        return soft ? 0 : purge(sources);
    }

    /** Removes the renditions of every original whose canonical URL is in the range; returns how many. */
    public synchronized int purge(KeyRange sources) {
        int removed = 0;
        for (Set<RenditionKey> keys : new ArrayList<>(bySource.subMap(sources.from(), sources.to()).values())) {
            for (RenditionKey k : List.copyOf(keys)) {
                if (remove(k)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private boolean remove(RenditionKey key) {
        Entry e = entries.remove(key);
        if (e == null) {
            return false;
        }
        usage.get(key.customer()).addAndGet(-e.rendition.bytes());
        bySource.computeIfPresent(key.sourceUrl(), (s, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
        return true;
    }

    /** Bytes of renditions the customer keeps now. */
    public long usedBy(String customer) {
        AtomicLong used = usage.get(customer);
        return used == null ? 0 : used.get();
    }

    public boolean contains(RenditionKey key) {
        return entries.containsKey(key);
    }
}
