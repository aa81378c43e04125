package dev.meridian.edge.usage;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.edge.image.RenditionStore;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Bytes of a property's renditions the POP keeps: those whose originals were fetched from one of the
 * property's origins (rendition keys begin with their original's cache URL, {@code scheme://origin-host/...}).
 * Read by the shipper's thread once per minute row.
 */
final class RenditionBytes implements ToLongFunction<String> {
    private final ConfigHolder config;
    private final RenditionStore store;

    RenditionBytes(ConfigHolder config, RenditionStore store) {
        this.config = config;
        this.store = store;
    }

    @Override
    public long applyAsLong(String property) {
        return config.get().property(property).map(p -> p.origins().stream()
                .mapToLong(o -> store.storedUnder(prefix(o))).sum()).orElse(0L);
    }

    private static String prefix(OriginConfig origin) {
        return origin.uri().getScheme().toLowerCase(Locale.ROOT) + "://" + origin.host().toLowerCase(Locale.ROOT) + "/";
    }
}
