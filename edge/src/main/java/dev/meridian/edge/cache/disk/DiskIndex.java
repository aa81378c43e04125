package dev.meridian.edge.cache.disk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.RemovalListener;
import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.cache.TagIndex;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;

/**
 * The in-memory index of the disk store: which keys are stored, in which file, and which to evict.
 *
 * <p>Eviction is Caffeine's W-TinyLFU, weighed in 4 KiB blocks and bounded by the store size. We
 * chose it over plain LRU because CDN traffic is full of one-hit wonders (crawlers, a single
 * visitor's long tail) that would flush popular objects out of an LRU; TinyLFU admits a new object
 * only if it is likely to be used more than the one it would push out, and its O(1) amortised
 * bookkeeping needs no lock on reads. The sorted map beside it orders keys by URL so a prefix purge
 * visits only the keys it matches, and the {@link TagIndex} does the same for a purge by tag.
 */
final class DiskIndex {
    private final Cache<String, DiskEntry> policy;
    private final ConcurrentSkipListMap<String, DiskEntry> sorted = new ConcurrentSkipListMap<>();
    private final TagIndex<DiskEntry> tags = new TagIndex<>();

    /** Told, on the calling thread, of each entry that left the index. */
    interface Removals {
        /**
         * @param explicit removed by {@link #remove} (purge, corruption), not evicted or replaced
         * @param evicted  dropped to make room
         */
        void removed(DiskEntry e, boolean explicit, boolean evicted);
    }

    DiskIndex(long maxBlocks, Removals removals) {
        RemovalListener<String, DiskEntry> listener = (key, entry, cause) -> {
            if (key != null && entry != null) {
                sorted.remove(key, entry);
                tags.remove(key, entry, entry.tags);
                removals.removed(entry, cause == RemovalCause.EXPLICIT, cause == RemovalCause.SIZE);
            }
        };
        this.policy = Caffeine.newBuilder()
                .maximumWeight(maxBlocks)
                .weigher((String k, DiskEntry e) -> e.blocks())
                .executor(Runnable::run)
                .removalListener(listener)
                .build();
    }

    /**
     * Loads the entries replayed at startup, in log order (oldest first), into an empty index. The
     * sorted map is built on a second thread from the keys in order while this one fills the
     * eviction policy: the two costs of a restart overlap instead of adding up.
     */
    void load(List<DiskEntry> entries) {
        CompletableFuture<Void> sortedBuilt = CompletableFuture.runAsync(() -> {
            DiskEntry[] byKey = entries.toArray(new DiskEntry[0]);
            Arrays.parallelSort(byKey, (a, b) -> a.key.compareTo(b.key));
            for (DiskEntry e : byKey) {
                sorted.put(e.key, e);
            }
        }, BUILDER);
        for (DiskEntry e : entries) {
            policy.put(e.key, e);
        }
        sortedBuilt.join();
        // Removals (replaced keys, evictions over a shrunk bound) may have run before the sorted
        // map held their entry: drop whatever the policy no longer has.
        if (sorted.size() != policy.asMap().size()) {
            sorted.entrySet().removeIf(en -> policy.asMap().get(en.getKey()) != en.getValue());
        }
        for (DiskEntry e : sorted.values()) {
            tags.add(e.key, e, e.tags);
        }
    }

    private static final Executor BUILDER = r -> {
        Thread t = new Thread(r, "disk-index-load");
        t.setDaemon(true);
        t.start();
    };

    /** The entry for a key, counting the access for eviction. */
    DiskEntry get(String key) {
        return policy.getIfPresent(key);
    }

    /** The entry for a key, without counting an access. */
    DiskEntry peek(String key) {
        return sorted.get(key);
    }

    /** Adds or replaces; both maps change under the key's lock so they agree on the winner. */
    void put(DiskEntry e) {
        policy.asMap().compute(e.key, (k, old) -> {
            sorted.put(k, e);
            tags.add(k, e, e.tags);
            return e;
        });
    }

    /** Removes this exact entry (not a newer one under the same key). */
    boolean remove(DiskEntry e) {
        return policy.asMap().remove(e.key, e);
    }

    /** The entries in a key range, in key order: costs time in proportion to what the range holds. */
    Collection<DiskEntry> range(KeyRange r) {
        return sorted.subMap(r.from(), true, r.to(), false).values();
    }

    /** The keys in a range whose entries carry a tag, in key order: costs time in proportion to the matches. */
    List<String> tagged(String tag, KeyRange r) {
        return tags.keys(tag, r);
    }

    /** Live entries from least to most valuable, so a log rewritten in this order restores recency. */
    Collection<DiskEntry> coldestFirst() {
        return policy.policy().eviction().orElseThrow().coldest(Integer.MAX_VALUE).values();
    }

    long size() {
        return policy.estimatedSize();
    }

    long weightedBlocks() {
        return policy.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Runs pending eviction now rather than at the next access. */
    void cleanUp() {
        policy.cleanUp();
    }
}
