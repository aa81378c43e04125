package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangesTest {
    private static final long LM = HttpDates.parse("Sun, 22 Nov 2026 10:00:00 GMT");

    private static ByteRanges.Outcome of(String range, String ifRange) {
        return ByteRanges.evaluate(range, ifRange, "\"v1\"", LM, 1000);
    }

    @Test
    void singleRangesInEveryForm() {
        assertThat(of("bytes=0-9", null)).isEqualTo(new ByteRanges.Slice(0, 9));
        assertThat(of("bytes=990-", null)).isEqualTo(new ByteRanges.Slice(990, 999));
        assertThat(of("bytes=-10", null)).isEqualTo(new ByteRanges.Slice(990, 999));
        assertThat(of("bytes=-5000", null)).isEqualTo(new ByteRanges.Slice(0, 999));
        assertThat(of("bytes=500-99999", null)).isEqualTo(new ByteRanges.Slice(500, 999));
        assertThat(((ByteRanges.Slice) of("bytes=10-19", null)).contentRange(1000)).isEqualTo("bytes 10-19/1000");
    }

    @Test
    void unsatisfiableRanges() {
        assertThat(of("bytes=1000-", null)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        assertThat(of("bytes=-0", null)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        assertThat(ByteRanges.Unsatisfiable.contentRange(1000)).isEqualTo("bytes */1000");
    }

    @Test
    void whatIsIgnoredGetsTheWholeResponse() {
        assertThat(of(null, null)).isEqualTo(ByteRanges.WHOLE);
        assertThat(of("items=0-9", null)).isEqualTo(ByteRanges.WHOLE);
        assertThat(of("bytes=0-1,5-6", null)).isEqualTo(ByteRanges.WHOLE);
        assertThat(of("bytes=9-0", null)).isEqualTo(ByteRanges.WHOLE);
        assertThat(of("bytes=x-", null)).isEqualTo(ByteRanges.WHOLE);
    }

    @Test
    void ifRangeNeedsAStrongValidatorThatStillMatches() {
        assertThat(of("bytes=0-9", "\"v1\"")).isEqualTo(new ByteRanges.Slice(0, 9));
        assertThat(of("bytes=0-9", "\"v0\"")).isEqualTo(ByteRanges.WHOLE);
        assertThat(of("bytes=0-9", "W/\"v1\"")).isEqualTo(ByteRanges.WHOLE);
        assertThat(of("bytes=0-9", "Sun, 22 Nov 2026 10:00:00 GMT")).isEqualTo(new ByteRanges.Slice(0, 9));
        assertThat(of("bytes=0-9", "Sun, 22 Nov 2026 09:00:00 GMT")).isEqualTo(ByteRanges.WHOLE);
    }

    @Test
    void contentRangeOfAPartWithItsLength() {
        assertThat(ByteRanges.contentRange("bytes 0-99/1000")).contains(new ByteRanges.ContentRange(0, 99, 1000));
        assertThat(ByteRanges.contentRange(" Bytes 999-999/1000 ")).contains(new ByteRanges.ContentRange(999, 999, 1000));
        for (String refused : new String[] {"bytes 0-99/*", "bytes */1000", "bytes 100-99/1000", "bytes 0-1000/1000",
                "items 0-9/10", "bytes 0-9", "bytes -1-9/10", ""}) {
            assertThat(ByteRanges.contentRange(refused)).as(refused).isEmpty();
        }
        assertThat(ByteRanges.contentRange(null)).isEmpty();
    }
}
