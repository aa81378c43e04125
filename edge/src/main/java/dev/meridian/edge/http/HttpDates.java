package dev.meridian.edge.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** HTTP-date (RFC 9110 5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and asctime in, names in any case. */
public final class HttpDates {
    /** Returned for a missing or unparseable date. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** The three forms a recipient must accept (RFC 9110 5.6.7), most common first. */
    private static final List<DateTimeFormatter> ACCEPTED = List.of(
            reading("EEE, dd MMM uuuu HH:mm:ss 'GMT'"),
            // Two-digit years fall in the century ending 50 years ahead.
            reading(new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(50))
                    .appendPattern(" HH:mm:ss 'GMT'")),
            reading("EEE MMM ppd HH:mm:ss uuuu"));

    /**
     * Names are matched whatever their case; the day name must be one but need not agree with the
     * date, which is what counts; a date that does not exist (31 Feb) is invalid, not moved.
     */
    private static DateTimeFormatter reading(String pattern) {
        return reading(new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern));
    }

    private static DateTimeFormatter reading(DateTimeFormatterBuilder builder) {
        return builder.toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT).withResolverFields(
                ChronoField.YEAR, ChronoField.MONTH_OF_YEAR, ChronoField.DAY_OF_MONTH,
                ChronoField.HOUR_OF_DAY, ChronoField.MINUTE_OF_HOUR, ChronoField.SECOND_OF_MINUTE);
    }

    private HttpDates() {
    }

    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            return INVALID;
        }
        String s = text.trim();
        for (DateTimeFormatter f : ACCEPTED) {
            try {
                return LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return INVALID;
    }

    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }
}
