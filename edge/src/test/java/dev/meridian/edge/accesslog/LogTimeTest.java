package dev.meridian.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogTimeTest {
    private final LogTime time = new LogTime();

    private String text(long millis) {
        StringBuilder out = new StringBuilder();
        time.append(out, millis);
        return out.toString();
    }

    @Test
    void writesIsoInstantsWithThreeDigitsOfMilliseconds() {
        assertThat(text(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(text(1_795_372_069_045L)).isEqualTo("2026-11-22T18:27:49.045Z");
        assertThat(text(1_795_372_069_100L)).isEqualTo("2026-11-22T18:27:49.100Z");
        assertThat(text(1_795_372_070_000L)).as("the next second").isEqualTo("2026-11-22T18:27:50.000Z");
        assertThat(text(-1)).as("before the epoch").isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Test
    void everyInstantReadsBackAsItself() {
        SplittableRandom random = new SplittableRandom(7);
        long t = 1_795_372_069_045L;
        for (int i = 0; i < 100_000; i++) {
            // Mostly within a second of the last (as requests come), now and then far away.
            t = i % 1000 == 0 ? random.nextLong(0, 4_000_000_000_000L) : t + random.nextInt(0, 50);
            assertThat(Instant.parse(text(t)).toEpochMilli()).isEqualTo(t);
        }
    }
}
