package dev.meridian.core.config;

import java.time.Duration;

/**
 * Global purge through the console: how long it waits for the POPs, how hard a customer may push it,
 * and how a POP catches up on the purges it missed.
 *
 * @param ackWait        how long {@code POST /v1/purge} waits for every POP's acknowledgement before it
 *                       answers 202 with the POPs still pending
 * @param popTimeout     one call to one POP's admin {@code /purge}
 * @param retryFor       how long the console keeps retrying a POP that has not acknowledged (the POP also
 *                       catches up by itself, so this only shortens the time it is behind)
 * @param perSecond      purges a customer may make per second, sustained
 * @param burst          purges a customer may make at once before {@code perSecond} applies
 * @param startWait      how long a starting edge holds its client listener closed (503, unhealthy) while it
 *                       cannot reach the console to catch up; after that it serves and keeps trying
 * @param pollEvery      how often an edge asks the console for purges it has not seen (its reconnect check)
 */
public record PurgeControlConfig(Duration ackWait, Duration popTimeout, Duration retryFor, Double perSecond,
                                 Integer burst, Duration startWait, Duration pollEvery) implements Validatable {
    public static final PurgeControlConfig DEFAULTS = new PurgeControlConfig(null, null, null, null, null, null, null);

    public PurgeControlConfig {
        ackWait = ackWait == null ? Duration.ofSeconds(2) : ackWait;
        popTimeout = popTimeout == null ? Duration.ofSeconds(1) : popTimeout;
        retryFor = retryFor == null ? Duration.ofMinutes(10) : retryFor;
        perSecond = perSecond == null ? 20.0 : perSecond;
        burst = burst == null ? 100 : burst;
        startWait = startWait == null ? Duration.ofSeconds(10) : startWait;
        pollEvery = pollEvery == null ? Duration.ofSeconds(10) : pollEvery;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("ackWait"), ackWait, d -> d.toMillis() >= 10 && d.toSeconds() <= 60,
                "must be between 10ms and 60s");
        errors.check(at.field("popTimeout"), popTimeout, d -> d.toMillis() >= 10 && d.toSeconds() <= 60,
                "must be between 10ms and 60s");
        errors.check(at.field("retryFor"), retryFor, d -> !d.isNegative() && d.toHours() <= 24,
                "must be between 0 and 24h");
        errors.check(at.field("perSecond"), perSecond, r -> r > 0 && r <= 10_000, "must be more than 0 and at most 10000");
        errors.check(at.field("burst"), burst, b -> b >= 1 && b <= 100_000, "must be between 1 and 100000");
        errors.check(at.field("startWait"), startWait, d -> !d.isNegative() && d.toMinutes() <= 10,
                "must be between 0 and 10m");
        errors.check(at.field("pollEvery"), pollEvery, d -> d.toMillis() >= 100 && d.toMinutes() <= 10,
                "must be between 100ms and 10m");
    }
}
