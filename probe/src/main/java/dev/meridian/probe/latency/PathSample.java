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
     * A method none of whose first tries got a reply is taken as not answering at all: the caller
     * escalates after this many timeouts rather than after {@code attempts} of them (a target that
     * drops DNS probes would otherwise hold an agent thread for attempts x timeout per method).
     */
    static final int GIVE_UP_AFTER = 3;

    /**
     * Runs {@code attempts} tries (each returns the round trip in ms, or empty when nothing came back)
     * and summarises them; empty when no try got a reply, so the caller escalates to the next method.
     */
    public static Optional<PathSample> ofAttempts(int attempts, IntFunction<OptionalDouble> attempt) {
        double[] replies = new double[attempts];
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (n == 0 && i == GIVE_UP_AFTER) {
                return Optional.empty();
            }
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
