package dev.meridian.core.config;

import java.time.Duration;

/**
 * Answer persistence: a client block keeps getting the answer it got first, for {@code duration}.
 *
 * @param prefixV4 clients are grouped into IPv4 blocks of this length
 * @param prefixV6 and IPv6 blocks of this length
 */
public record DnsPersistenceConfig(Boolean enabled, Duration duration, Integer prefixV4, Integer prefixV6)
        implements Validatable {
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);

    public DnsPersistenceConfig {
        enabled = enabled == null || enabled;
        duration = duration == null ? DEFAULT_DURATION : duration;
        prefixV4 = prefixV4 == null ? 24 : prefixV4;
        prefixV6 = prefixV6 == null ? 56 : prefixV6;
    }

    public static DnsPersistenceConfig off() {
        return new DnsPersistenceConfig(false, null, null, null);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("duration"), duration, d -> !d.isNegative() && !d.isZero() && d.toDays() <= 30,
                "must be within 1ms..30d");
        errors.check(at.field("prefixV4"), prefixV4, p -> p >= 0 && p <= 32, "must be within 0..32");
        errors.check(at.field("prefixV6"), prefixV6, p -> p >= 0 && p <= 128, "must be within 0..128");
    }
}
