package dev.meridian.console.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A half-open span of whole minutes {@code [start, end)}. The minute in progress is not in any window:
 * nodes ship only closed minutes, so it would always look like a dip.
 */
public record Window(Instant start, Instant end) {
    public static final Duration DAY = Duration.ofHours(24);

    public Window {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("empty window " + start + " .. " + end);
        }
    }

    /** The {@code length} of closed minutes before now, e.g. the last 24 h for the activity pages. */
    public static Window last(Duration length, Clock clock) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        return new Window(end.minus(length), end);
    }

    public int minutes() {
        return (int) Duration.between(start, end).toMinutes();
    }

    /** The index of {@code minute} in a per-minute series of this window. */
    int indexOf(Instant minute) {
        return (int) Duration.between(start, minute).toMinutes();
    }
}
