package dev.meridian.probe.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PendingResultsTest {
    private static ProbeResult result(int i) {
        return ProbeResult.success("192.0.2." + (i % 250 + 1), "sjc", Instant.ofEpochSecond(i), i);
    }

    @Test
    void drainsEverythingQueuedOldestFirstThenNothing() {
        PendingResults pending = new PendingResults(8);
        IntStream.range(0, 5).forEach(i -> assertThat(pending.add(result(i))).isZero());

        assertThat(pending.drain()).containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(PendingResultsTest::result).toList());
        assertThat(pending.drain()).isEmpty();
    }

    @Test
    void aFullQueueDropsTheOldestAndSaysSo() {
        PendingResults pending = new PendingResults(4);
        IntStream.range(0, 4).forEach(i -> pending.add(result(i)));

        assertThat(pending.add(result(4))).isEqualTo(1);
        assertThat(pending.add(result(5))).isEqualTo(1);
        assertThat(pending.drain()).containsExactly(result(2), result(3), result(4), result(5));
    }
}
