package dev.meridian.edge.cache;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Stored under a URL's primary key when its responses carry Vary: which request headers select a
 * variant, and which variant keys exist (so invalidating the URL removes every variant).
 *
 * @param names       lower-case request header names from the response's Vary
 * @param variantKeys keys of the stored variants, at most {@link #MAX_VARIANTS}
 */
public record VaryIndex(List<String> names, Set<String> variantKeys) implements CacheEntry {
    /** Bounds the variants per URL so a header with unbounded values cannot flood the cache. */
    public static final int MAX_VARIANTS = 64;

    public VaryIndex {
        names = List.copyOf(names);
        variantKeys = Set.copyOf(variantKeys);
    }

    public boolean full() {
        return variantKeys.size() >= MAX_VARIANTS;
    }

    public VaryIndex withVariant(String key) {
        return variantKeys.contains(key) ? this
                : new VaryIndex(names, Stream.concat(variantKeys.stream(), Stream.of(key)).collect(Collectors.toSet()));
    }

    @Override
    public int weight() {
        return 64 + variantKeys.stream().mapToInt(k -> 40 + 2 * k.length()).sum();
    }
}
