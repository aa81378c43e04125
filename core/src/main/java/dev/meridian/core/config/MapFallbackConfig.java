package dev.meridian.core.config;

import java.util.List;

/**
 * What the latency map answers for a client block nobody in it was measured in
 * ({@code dns.probes.latency.fallback}): a pinned block goes to its POP; a placed block goes to the
 * nearest POP with a {@code location}; anything else has no preference (the answer policy ranks
 * POPs without distance data). The most specific block wins in each list, pins before places.
 *
 * @param pins   client blocks pinned to a POP
 * @param places where client blocks are on the globe
 */
public record MapFallbackConfig(List<BlockPinConfig> pins, List<BlockPlaceConfig> places) implements Validatable {
    public MapFallbackConfig {
        pins = pins == null ? List.of() : List.copyOf(pins);
        places = places == null ? List.of() : List.copyOf(places);
    }

    public static MapFallbackConfig defaults() {
        return new MapFallbackConfig(null, null);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.each(at.field("pins"), pins);
        errors.each(at.field("places"), places);
    }

    /** Client {@code block} defaults to POP {@code pop}. */
    public record BlockPinConfig(String block, String pop) implements Validatable {
        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            if (errors.required(at.field("block"), block)) {
                errors.check(at.field("block"), block, IpAddresses::isCidr, "not a CIDR block (10.1.0.0/16)");
            }
            errors.required(at.field("pop"), pop);
        }
    }

    /** Client {@code block} lies at {@code lat}/{@code lon}, so its default is the nearest POP. */
    public record BlockPlaceConfig(String block, Double lat, Double lon) implements Validatable {
        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            if (errors.required(at.field("block"), block)) {
                errors.check(at.field("block"), block, IpAddresses::isCidr, "not a CIDR block (10.1.0.0/16)");
            }
            if (errors.required(at.field("lat"), lat)) {
                errors.check(at.field("lat"), lat, v -> v >= -90 && v <= 90, "latitude must be within -90..90");
            }
            if (errors.required(at.field("lon"), lon)) {
                errors.check(at.field("lon"), lon, v -> v >= -180 && v <= 180, "longitude must be within -180..180");
            }
        }
    }
}
