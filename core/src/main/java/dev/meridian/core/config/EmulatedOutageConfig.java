package dev.meridian.core.config;

import java.time.Duration;

/** EMULATION: from {@code from} until {@code until} after start, nothing from {@code pop} gets through. */
public record EmulatedOutageConfig(String pop, Duration from, Duration until) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.required(at.field("pop"), pop);
        errors.required(at.field("from"), from);
        if (errors.required(at.field("until"), until) && from != null) {
            errors.check(at.field("until"), until, u -> u.compareTo(from) > 0, "must be after from");
        }
    }
}
