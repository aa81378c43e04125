package dev.meridian.core.config;

import java.time.Duration;

/**
 * How long the console keeps what it ingests. Old data is deleted in bounded batches, so a purge of a
 * year of rows never holds the database for long.
 *
 * @param minutes per-minute rollups (at least 35 days)
 * @param hours   hourly rollups (at least 13 months, taken as 396 days)
 * @param logs    raw access log files
 */
public record RetentionConfig(Duration minutes, Duration hours, Duration logs) implements Validatable {
    public static final Duration LEAST_MINUTES = Duration.ofDays(35);
    public static final Duration LEAST_HOURS = Duration.ofDays(396);
    public static final RetentionConfig DEFAULTS = new RetentionConfig(null, null, null);

    public RetentionConfig {
        minutes = minutes == null ? LEAST_MINUTES : minutes;
        hours = hours == null ? LEAST_HOURS : hours;
        logs = logs == null ? Duration.ofDays(30) : logs;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("minutes"), minutes, d -> d.compareTo(LEAST_MINUTES) >= 0, "must be at least 35d");
        errors.check(at.field("hours"), hours, d -> d.compareTo(LEAST_HOURS) >= 0, "must be at least 396d (13 months)");
        errors.check(at.field("logs"), logs, d -> d.toHours() >= 1, "must be at least 1h");
    }
}
