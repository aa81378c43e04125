package dev.meridian.gtm.latency;

import dev.meridian.gtm.policy.LossPenalty;
import dev.meridian.probe.latency.Measurement;
import java.time.Duration;
import java.time.Instant;

/** What is known about one POP-to-target path: decaying averages of RTT and loss, and the latest result. */
public record PathStats(DecayingAverage rtt, DecayingAverage loss, Measurement last) {

    public static PathStats first(Measurement m, Duration timeConstant) {
        return new PathStats(DecayingAverage.empty(timeConstant), DecayingAverage.empty(timeConstant), null).plus(m);
    }

    public PathStats plus(Measurement m) {
        DecayingAverage r = m.replied() ? rtt.plus(m.rttMs(), m.at()) : rtt;
        Measurement latest = last == null || !m.at().isBefore(last.at()) ? m : last;
        return new PathStats(r, loss.plus(m.loss(), m.at()), latest);
    }

    /** Average RTT in ms; NaN when the target never replied from this POP. */
    public double averageRttMs() {
        return rtt.value();
    }

    public double averageLoss() {
        return loss.value();
    }

    public Instant lastMeasured() {
        return last.at();
    }

    public double score(LossPenalty scoring) {
        double latency = averageRttMs();
        return Double.isNaN(latency) ? Double.POSITIVE_INFINITY : scoring.score(latency, averageLoss());
    }
}
