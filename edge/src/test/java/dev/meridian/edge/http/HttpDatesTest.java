package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Year;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
    @Test
    void readsAllThreeFormsAndWritesImfFixdate() {
        long t = HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(t);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(t);
        assertThat(HttpDates.format(t)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void dayAndMonthNamesAreCaseInsensitive() {
        long t = HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDates.parse("sun, 06 NOV 1994 08:49:37 GMT")).isEqualTo(t);
        assertThat(HttpDates.parse("SUNDAY, 06-nov-94 08:49:37 GMT")).isEqualTo(t);
        assertThat(HttpDates.parse("sun nov  6 08:49:37 1994")).isEqualTo(t);
        assertThat(HttpDates.parse("Sun Nov 16 08:49:37 1994")).isEqualTo(t + 10 * 86_400_000L);
    }

    @Test
    void aTwoDigitYearMoreThanFiftyYearsAheadIsInThePast() {
        int twoDigits = (Year.now(ZoneOffset.UTC).getValue() + 60) % 100;
        long t = HttpDates.parse(String.format(Locale.ROOT, "Monday, 01-Jan-%02d 00:00:00 GMT", twoDigits));
        assertThat(t).isNotEqualTo(HttpDates.INVALID).isLessThan(System.currentTimeMillis());
    }

    @Test
    void theDayNameNeedNotAgreeWithTheDate() {
        assertThat(HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT")).isEqualTo(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
    }

    @Test
    void invalidDatesAreInvalid() {
        assertThat(HttpDates.parse("0")).isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse(null)).isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse("yesterday")).isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse("Mon, 31 Feb 2026 10:00:00 GMT")).as("no such day").isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse("Mon, 02 Feb 2026 24:00:00 GMT")).isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse("Xyz, 02 Feb 2026 10:00:00 GMT")).isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse("Mon, 02 Feb 2026 10:00:00 UTC")).isEqualTo(HttpDates.INVALID);
    }
}
