package dev.meridian.console.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * The periods the "by location" page sums over. The last hour is read from the per-minute rollups
 * (closed minutes); a day and longer from the hourly ones, in whole hours up to and including the hour
 * in progress (its row holds the minutes reported so far): a day over a customer's 1,000 properties is
 * then 72,000 hour rows rather than 4.3 million minute rows. Every customer's, from the network's
 * minutes over the same whole hours (a row per POP and minute: fewer still, and kept for longer than
 * {@link #MONTH}, since minutes are kept at least 35 days).
 */
public enum Period {
    HOUR("1h", "last hour", Duration.ofHours(1)),
    DAY("24h", "last 24 hours", Duration.ofHours(24)),
    WEEK("7d", "last 7 days", Duration.ofDays(7)),
    MONTH("30d", "last 30 days", Duration.ofDays(30));

    private final String key;
    private final String label;
    private final Duration length;

    Period(String key, String label, Duration length) {
        this.key = key;
        this.label = label;
        this.length = length;
    }

    /** The value in a URL ({@code ?period=24h}). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static Optional<Period> parse(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    boolean hourly() {
        return this != HOUR;
    }

    /** The span this period covers now: closed minutes, or whole hours up to the end of this one. */
    public Window window(Clock clock) {
        if (!hourly()) {
            return Window.last(length, clock);
        }
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        return new Window(end.minus(length), end);
    }
}
