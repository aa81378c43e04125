package dev.meridian.edge.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A tier's tag → keys index, so a purge by tag costs what it matches rather than a walk of the tier.
 * Each key maps to the entry that carried the tag, and removal is conditional on that entry: when a
 * key is stored again, the old entry's removal (which a tier reports after the new one is in) leaves
 * the new entry's tags alone. Keys are kept sorted per tag so a customer's purge walks only its own
 * key ranges. Bounded by the tier: at most {@link dev.meridian.edge.http.CacheTags#MAX_TAGS} per entry.
 *
 * @param <E> what the tier stores under a key (identity matters)
 */
public final class TagIndex<E> {
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, E>> byTag = new ConcurrentHashMap<>();

    /** Records that {@code entry}, stored under {@code key}, carries {@code tags}. */
    public void add(String key, E entry, Collection<String> tags) {
        for (String tag : tags) {
            byTag.compute(tag, (t, keys) -> {
                ConcurrentSkipListMap<String, E> k = keys == null ? new ConcurrentSkipListMap<>() : keys;
                k.put(key, entry);
                return k;
            });
        }
    }

    /** Forgets {@code entry} under {@code key}, unless another entry took the key meanwhile. */
    public void remove(String key, E entry, Collection<String> tags) {
        for (String tag : tags) {
            // Under the tag's lock, so an emptied set is never dropped while another key is added to it.
            byTag.computeIfPresent(tag, (t, keys) -> {
                keys.remove(key, entry);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    /** The keys in {@code within} whose entries carry {@code tag}, in key order. */
    public List<String> keys(String tag, KeyRange within) {
        ConcurrentSkipListMap<String, E> keys = byTag.get(tag);
        return keys == null ? List.of() : new ArrayList<>(keys.subMap(within.from(), true, within.to(), false).keySet());
    }
}
