package dev.meridian.console.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How usage is bucketed, in UTC (billing periods do not move with a viewer's clock): the last 24 hours,
 * 31 days or 12 months, each ending with the one in progress (its usage so far).
 */
public enum Granularity {
    HOUR("hour", 24),
    DAY("day", 31),
    MONTH("month", 12);

    private final String key;
    private final int buckets;

    Granularity(String key, int buckets) {
        this.key = key;
        this.buckets = buckets;
    }

    public String key() {
        return key;
    }

    public static Optional<Granularity> parse(String key) {
        return Arrays.stream(values()).filter(g -> g.key.equals(key)).findFirst();
    }

    /** The buckets shown now, oldest first; the last one contains now. */
    public List<Window> buckets(Clock clock) {
        Instant now = clock.instant();
        List<Window> windows = new ArrayList<>(buckets);
        for (int back = buckets - 1; back >= 0; back--) {
            windows.add(bucket(now, back));
        }
        return windows;
    }

    private Window bucket(Instant now, int back) {
        return switch (this) {
            case HOUR -> {
                Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(back, ChronoUnit.HOURS);
                yield new Window(start, start.plus(1, ChronoUnit.HOURS));
            }
            case DAY -> {
                LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(back);
                yield new Window(day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            case MONTH -> {
                YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(back);
                yield new Window(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
        };
    }
}
