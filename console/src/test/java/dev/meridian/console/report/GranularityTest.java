package dev.meridian.console.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GranularityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:30:00Z"), ZoneOffset.UTC);

    @Test
    void bucketsEndWithTheOneInProgressInUtc() {
        List<Window> hours = Granularity.HOUR.buckets(CLOCK);
        assertThat(hours).hasSize(24);
        assertThat(hours.get(23)).isEqualTo(new Window(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-01T01:00:00Z")));
        assertThat(hours.get(0).start()).isEqualTo(Instant.parse("2026-02-28T01:00:00Z"));

        List<Window> days = Granularity.DAY.buckets(CLOCK);
        assertThat(days).hasSize(31);
        assertThat(days.get(30)).isEqualTo(new Window(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")));
        assertThat(days.get(29).start()).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));

        List<Window> months = Granularity.MONTH.buckets(CLOCK);
        assertThat(months).hasSize(12);
        assertThat(months.get(10)).as("February's end is March's start")
                .isEqualTo(new Window(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z")));
        assertThat(months.get(0).start()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
    }

    @Test
    void activityWindowsAreClosedMinutesAndHourlyPeriodsWholeHoursToTheEndOfThisOne() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:30:20Z"), ZoneOffset.UTC);
        assertThat(Window.last(Window.DAY, clock))
                .isEqualTo(new Window(Instant.parse("2026-12-06T10:30:00Z"), Instant.parse("2026-12-07T10:30:00Z")));
        assertThat(Period.WEEK.window(clock))
                .isEqualTo(new Window(Instant.parse("2026-11-30T11:00:00Z"), Instant.parse("2026-12-07T11:00:00Z")));
        assertThat(Period.parse("7d")).contains(Period.WEEK);
        assertThat(Granularity.parse("weekly")).isEmpty();
    }
}
