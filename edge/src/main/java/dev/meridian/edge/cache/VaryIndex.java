package dev.meridian.edge.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Stored under a URL's primary key when its responses carry Vary: which request headers select a
 * variant, and which variant keys exist (so invalidating the URL removes every variant).
 *
 * @param names       lower-case request header names from the response's Vary
 * @param variantKeys keys of the stored variants, oldest first, at most {@link #MAX_VARIANTS}
 */
public record VaryIndex(List<String> names, List<String> variantKeys) implements CacheEntry {
    /** Bounds the variants per URL so a header with unbounded values cannot flood the cache. */
    public static final int MAX_VARIANTS = 64;

    public VaryIndex {
        names = List.copyOf(names);
        variantKeys = List.copyOf(variantKeys);
    }

    public boolean full() {
        return variantKeys.size() >= MAX_VARIANTS;
    }

    /** With {@code key} as the newest variant. */
    public VaryIndex withVariant(String key) {
        if (variantKeys.contains(key)) {
            return this;
        }
        List<String> keys = new ArrayList<>(variantKeys);
        keys.add(key);
        return new VaryIndex(names, keys);
    }

    /** Without the oldest variant, the one to give up for a new one when full. */
    public VaryIndex withoutOldest() {
        return new VaryIndex(names, variantKeys.subList(1, variantKeys.size()));
    }

    @Override
    public int weight() {
        return 64 + variantKeys.stream().mapToInt(k -> 40 + 2 * k.length()).sum();
    }
}
