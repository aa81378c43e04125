package dev.meridian.probe.latency;

import java.net.InetAddress;
import java.time.Instant;

/**
 * One result from a latency agent: the path from {@code pop} to {@code target}, how it was measured
 * and when. An unreachable target is recorded with loss 1 and no RTT (NaN), method {@value #NO_REPLY}.
 */
public record Measurement(String pop, InetAddress target, double rttMs, double loss, String method,
                          boolean emulated, Instant at) {
    public static final String NO_REPLY = "none";

    public static Measurement of(String pop, InetAddress target, PathSample sample, MeasurementMethod method, Instant at) {
        return new Measurement(pop, target, sample.rttMs(), sample.loss(), method.name(), method.emulated(), at);
    }

    public static Measurement unreachable(String pop, InetAddress target, Instant at) {
        return new Measurement(pop, target, Double.NaN, 1.0, NO_REPLY, false, at);
    }

    public boolean replied() {
        return !Double.isNaN(rttMs);
    }
}
