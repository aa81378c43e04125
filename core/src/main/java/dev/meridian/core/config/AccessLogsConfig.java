package dev.meridian.core.config;

import java.time.Duration;

/**
 * Raw access logs: each edge writes one file per customer, closes it when it reaches {@code rotateSize}
 * or is {@code rotateEvery} old, compresses it and ships it to the console.
 *
 * @param enabled     whether edges write them (default on when a console is configured)
 * @param dir         where edges keep files until the console has them (each POP in {@code <dir>/<pop id>})
 * @param rotateSize  a file is closed at this size (uncompressed)
 * @param rotateEvery a file is closed at this age
 * @param spool       completed files a node keeps while the console is away; the oldest go first
 */
public record AccessLogsConfig(Boolean enabled, String dir, ByteSize rotateSize, Duration rotateEvery, ByteSize spool)
        implements Validatable {
    public static final AccessLogsConfig DEFAULTS = new AccessLogsConfig(null, null, null, null, null);

    public AccessLogsConfig {
        enabled = enabled == null || enabled;
        dir = dir == null ? "var/access-logs" : dir;
        rotateSize = rotateSize == null ? ByteSize.ofMegabytes(64) : rotateSize;
        rotateEvery = rotateEvery == null ? Duration.ofMinutes(5) : rotateEvery;
        spool = spool == null ? ByteSize.ofMegabytes(1024) : spool;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("rotateSize"), rotateSize, s -> s.bytes() >= 4096, "must be at least 4KB");
        errors.check(at.field("rotateEvery"), rotateEvery, d -> d.toSeconds() >= 1 && d.toHours() <= 24,
                "must be between 1s and 24h");
        errors.check(at.field("spool"), spool, s -> s.bytes() >= 1024 * 1024, "must be at least 1MB");
    }
}
