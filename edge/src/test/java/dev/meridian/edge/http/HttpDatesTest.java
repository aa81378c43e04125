package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

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
    void invalidDatesAreInvalid() {
        assertThat(HttpDates.parse("0")).isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse(null)).isEqualTo(HttpDates.INVALID);
        assertThat(HttpDates.parse("yesterday")).isEqualTo(HttpDates.INVALID);
    }
}
