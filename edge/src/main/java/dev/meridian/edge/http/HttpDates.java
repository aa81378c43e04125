package dev.meridian.edge.http;

import java.time.Instant;
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
    /** Two of the three forms a recipient must accept (RFC 9110 5.6.7), the common one first. */
    private static final List<DateTimeFormatter> FOUR_DIGIT_YEARS = List.of(
            reading("EEE, dd MMM uuuu HH:mm:ss 'GMT'"), reading("EEE MMM ppd HH:mm:ss uuuu"));
    /** The obsolete RFC 850 form, its two-digit year read in 2000-2099 first (see {@link #parse}). */
    private static final DateTimeFormatter RFC_850 = reading(new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("EEEE, dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, 2000).appendPattern(" HH:mm:ss 'GMT'"));

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
        for (DateTimeFormatter f : FOUR_DIGIT_YEARS) {
            try {
                return epochMillis(LocalDateTime.parse(s, f));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        try {
            LocalDateTime t = LocalDateTime.parse(s, RFC_850);
            // A two-digit year more than 50 years ahead is the latest such year in the past.
            return epochMillis(t.isAfter(LocalDateTime.now(ZoneOffset.UTC).plusYears(50)) ? t.minusYears(100) : t);
        } catch (DateTimeParseException e) {
            return INVALID;
        }
    }

    private static long epochMillis(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }
}
