package dev.meridian.gtm.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecayingAverageTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final double[] VALUES = {8.0, 7.5, 7.7, 8.2, 7.6, 7.7};
    private static final int[] AGES = {0, 30, 60, 180, 240, 300};

    @Test
    void issueVectorGives7_7852WithTimeConstant300s() {
        DecayingAverage avg = DecayingAverage.empty(Duration.ofMinutes(5));
        for (int i = VALUES.length - 1; i >= 0; i--) { // oldest first, as they would arrive
            avg = avg.plus(VALUES[i], NOW.minusSeconds(AGES[i]));
        }
        assertThat(avg.value()).isCloseTo(7.7852, within(0.00005));
    }

    @Test
    void samplesArrivingOutOfOrderGiveTheSameAverage() {
        DecayingAverage avg = DecayingAverage.empty(Duration.ofMinutes(5));
        for (int i = 0; i < VALUES.length; i++) { // newest first
            avg = avg.plus(VALUES[i], NOW.minusSeconds(AGES[i]));
        }
        assertThat(avg.value()).isCloseTo(7.7852, within(0.00005));
    }

    @Test
    void newSamplesOutweighOldOnesByTheirAge() {
        DecayingAverage avg = DecayingAverage.empty(Duration.ofMinutes(5))
                .plus(100, NOW.minusSeconds(3000))
                .plus(10, NOW);
        // The old sample weighs e^-10: it barely moves the average.
        assertThat(avg.value()).isCloseTo(10.0041, within(0.0001));
    }

    @Test
    void weightLeftMeasuresHowFreshTheEvidenceIs() {
        DecayingAverage avg = DecayingAverage.empty(Duration.ofMinutes(5)).plus(5, NOW);
        assertThat(avg.weightAt(NOW)).isCloseTo(1.0, within(1e-9));
        assertThat(avg.weightAt(NOW.plusSeconds(300))).isCloseTo(Math.exp(-1), within(1e-9));
        assertThat(DecayingAverage.empty(Duration.ofMinutes(5)).value()).isNaN();
    }
}
