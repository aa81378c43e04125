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
 * @param queue       lines waiting for the edge's log writer; when it is full, lines are dropped and
 *                    counted rather than making a request wait
 */
public record AccessLogsConfig(Boolean enabled, String dir, ByteSize rotateSize, Duration rotateEvery, ByteSize spool,
                               Integer queue) implements Validatable {
    public static final AccessLogsConfig DEFAULTS = new AccessLogsConfig(null, null, null, null, null, null);
    /** A line longer than this is cut (its longest fields first), so one request cannot make a huge line. */
    public static final int MAX_LINE_BYTES = 16 * 1024;

    public AccessLogsConfig {
        enabled = enabled == null || enabled;
        dir = dir == null ? "var/access-logs" : dir;
        rotateSize = rotateSize == null ? ByteSize.ofMegabytes(64) : rotateSize;
        rotateEvery = rotateEvery == null ? Duration.ofMinutes(5) : rotateEvery;
        spool = spool == null ? ByteSize.ofMegabytes(1024) : spool;
        queue = queue == null ? 65_536 : queue;
    }

    /**
     * The largest compressed file the console accepts: a file is closed after the line that reaches
     * {@code rotateSize}, and gzip adds a few bytes per 16 KB block to data it cannot compress.
     */
    public long maxUploadBytes() {
        long uncompressed = rotateSize.bytes() + MAX_LINE_BYTES;
        return uncompressed + uncompressed / 1000 + 64 * 1024;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("rotateSize"), rotateSize, s -> s.bytes() >= 4096 && s.bytes() <= 1L << 30,
                "must be between 4KB and 1GB");
        errors.check(at.field("rotateEvery"), rotateEvery, d -> d.toSeconds() >= 1 && d.toHours() <= 24,
                "must be between 1s and 24h");
        errors.check(at.field("spool"), spool, s -> s.bytes() >= 1024 * 1024, "must be at least 1MB");
        errors.check(at.field("queue"), queue, q -> q >= 1024 && q <= 1 << 22, "must be between 1024 and 4194304");
    }
}
