package dev.meridian.core.config;

import java.time.Duration;

/** EMULATION: the path from {@code pop} to client {@code block} has {@code rtt} and {@code loss} (from {@code after} on, if set). */
public record EmulatedLinkConfig(String pop, String block, Duration rtt, Double loss, Duration after)
        implements Validatable {
    public EmulatedLinkConfig {
        loss = loss == null ? 0.0 : loss;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.required(at.field("pop"), pop);
        if (errors.required(at.field("block"), block)) {
            errors.check(at.field("block"), block, IpAddresses::isCidr, "not a CIDR block (10.1.0.0/16)");
        }
        errors.required(at.field("rtt"), rtt);
        errors.check(at.field("loss"), loss, l -> l >= 0 && l <= 1, "must be within 0..1");
    }
}
