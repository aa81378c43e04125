package dev.meridian.core.config;

import java.time.Duration;

/**
 * How a node ships its per-minute usage to the console.
 *
 * @param shipEvery how often closed minutes are sent (at most 10 s, so graphs are never a minute behind)
 * @param spool     the on-disk spool that holds batches while the console is away; when full, the oldest
 *                  minutes are dropped and the drop is counted and reported
 * @param spoolDir  where the spool lives (default {@code var/spool}; each node keeps {@code <spoolDir>/<node id>})
 */
public record UsageShippingConfig(Duration shipEvery, ByteSize spool, String spoolDir) implements Validatable {
    public static final UsageShippingConfig DEFAULTS = new UsageShippingConfig(null, null, null);

    public UsageShippingConfig {
        shipEvery = shipEvery == null ? Duration.ofSeconds(10) : shipEvery;
        spool = spool == null ? ByteSize.ofMegabytes(64) : spool;
        spoolDir = spoolDir == null ? "var/spool" : spoolDir;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("shipEvery"), shipEvery, d -> d.toMillis() >= 100 && d.toSeconds() <= 10,
                "must be between 100ms and 10s");
        errors.check(at.field("spool"), spool, s -> s.bytes() >= 64 * 1024, "must be at least 64KB");
    }
}
