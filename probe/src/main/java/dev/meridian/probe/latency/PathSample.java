package dev.meridian.probe.latency;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntFunction;

/** What one measurement method saw on a path: the round trip (median of the replies) and the share lost. */
public record PathSample(double rttMs, double loss) {
    public PathSample {
        if (!(rttMs >= 0) || !(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("rtt must be >= 0 and loss within 0..1");
        }
    }

    /**
     * Runs {@code attempts} tries (each returns the round trip in ms, or empty when nothing came back)
     * and summarises them; empty when no try got a reply, so the caller escalates to the next method.
     */
    public static Optional<PathSample> ofAttempts(int attempts, IntFunction<OptionalDouble> attempt) {
        double[] replies = new double[attempts];
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            OptionalDouble rtt = attempt.apply(i);
            if (rtt.isPresent()) {
                replies[n++] = rtt.getAsDouble();
            }
        }
        if (n == 0) {
            return Optional.empty();
        }
        double[] got = Arrays.copyOf(replies, n);
        Arrays.sort(got);
        double median = n % 2 == 1 ? got[n / 2] : (got[n / 2 - 1] + got[n / 2]) / 2;
        return Optional.of(new PathSample(median, (attempts - n) / (double) attempts));
    }
}
