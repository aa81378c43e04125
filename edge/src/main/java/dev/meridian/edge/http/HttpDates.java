package dev.meridian.edge.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP-date (RFC 9110 5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and asctime in. */
public final class HttpDates {
    /** Returned for a missing or unparseable date. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            return INVALID;
        }
        String s = text.trim();
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(s, f);
                if (f == RFC_850 && t.getYear() > ZonedDateTime.now(ZoneOffset.UTC).getYear() + 50) {
                    t = t.minusYears(100);
                }
                return t.toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return INVALID;
    }

    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(java.time.Instant.ofEpochMilli(epochMillis));
    }
}
