package dev.meridian.core.config;

import java.time.Duration;

/** How the GTM answers for one property's hostname. */
public record HostnameDnsConfig(Duration ttl) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("ttl"), ttl, t -> !t.isNegative() && t.toSeconds() <= 86400, "must be within 0s..1d");
    }
}
