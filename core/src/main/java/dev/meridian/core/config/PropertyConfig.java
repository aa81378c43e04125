package dev.meridian.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One customer hostname and how it is served. A property with {@code origins} is static content
 * served through the POPs; the {@code dns} section says how the GTM answers for the hostname.
 *
 * @param defaultTtl freshness for origin responses that carry none; zero (the default) means such
 *                   responses are only heuristically fresh or not cached
 * @param measureBandwidth inject the bandwidth-measuring scripts into this property's HTML (default off)
 */
public record PropertyConfig(
        String host,
        List<OriginConfig> origins,
        Duration defaultTtl,
        HostnameDnsConfig dns,
        PropertyImagesConfig images,
        Boolean measureBandwidth) implements Validatable {

    public PropertyConfig {
        origins = origins == null ? List.of() : List.copyOf(origins);
        defaultTtl = defaultTtl == null ? Duration.ZERO : defaultTtl;
        measureBandwidth = measureBandwidth != null && measureBandwidth;
    }

    /** The origin named by host, if this property lists it (the edge never fetches from others). */
    public Optional<OriginConfig> origin(String originHost) {
        String wanted = originHost.toLowerCase(Locale.ROOT);
        return origins.stream().filter(o -> o.host().equalsIgnoreCase(wanted)).findFirst();
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("host"), host)) {
            errors.check(at.field("host"), host, Hostnames::isValid, "not a hostname");
        }
        errors.each(at.field("origins"), origins);
        errors.check(at.field("defaultTtl"), defaultTtl, d -> !d.isNegative(), "must not be negative");
        errors.nested(at.field("dns"), dns);
        errors.nested(at.field("images"), images);
    }
}
