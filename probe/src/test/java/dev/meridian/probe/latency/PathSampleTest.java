package dev.meridian.probe.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PathSampleTest {
    @Test
    void summarisesRepliesAsMedianAndLostShare() {
        double[] replies = {12, Double.NaN, 10, 30};
        var sample = PathSample.ofAttempts(4, i -> Double.isNaN(replies[i]) ? OptionalDouble.empty()
                : OptionalDouble.of(replies[i]));
        assertThat(sample).isPresent();
        assertThat(sample.get().rttMs()).isEqualTo(12);
        assertThat(sample.get().loss()).isEqualTo(0.25);
    }

    @Test
    void noReplyAtAllIsNoSample() {
        assertThat(PathSample.ofAttempts(3, i -> OptionalDouble.empty())).isEmpty();
    }

    @Test
    void aMethodSilentForItsFirstTriesIsGivenUpEarly() {
        AtomicInteger tries = new AtomicInteger();
        assertThat(PathSample.ofAttempts(10, i -> {
            tries.incrementAndGet();
            return OptionalDouble.empty();
        })).isEmpty();
        assertThat(tries).hasValue(PathSample.GIVE_UP_AFTER);
    }

    @Test
    void oneEarlyReplyKeepsEveryTry() {
        AtomicInteger tries = new AtomicInteger();
        var sample = PathSample.ofAttempts(10, i -> {
            tries.incrementAndGet();
            return i == 2 ? OptionalDouble.of(20) : OptionalDouble.empty();
        });
        assertThat(tries).hasValue(10);
        assertThat(sample.get().loss()).isEqualTo(0.9);
    }
}
