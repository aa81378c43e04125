package dev.meridian.core.config;

import java.time.Duration;

/** The GTM: the zone it is authoritative for, where it listens, and answer defaults. */
public record DnsConfig(String zone, HostPort listen, HostPort admin, Duration ttl) implements Validatable {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(20);

    public DnsConfig {
        ttl = ttl == null ? DEFAULT_TTL : ttl;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("zone"), zone)) {
            errors.check(at.field("zone"), zone, Hostnames::isValid, "not a DNS name");
        }
        errors.required(at.field("listen"), listen);
        errors.check(at.field("ttl"), ttl, t -> !t.isNegative() && t.toSeconds() <= 86400, "must be within 0s..1d");
    }
}
