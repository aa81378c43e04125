package dev.meridian.gtm.policy;

import dev.meridian.core.config.LossPenaltyPointConfig;
import java.util.Arrays;
import java.util.List;

/**
 * How much packet loss hurts a score: a table of (loss, penalty) points with straight lines between them,
 * flat past the last point. The penalty multiplies {@code max(100 ms, latency)}, so 5% loss on a near path
 * costs 100 ms by default. The table must be monotone (losses increasing, penalties never decreasing):
 * more loss can never score better, and a small change in the loss estimate moves the score a little,
 * never by a step.
 */
public final class LossPenalty {
    public static final LossPenalty DEFAULT = of(LossPenaltyPointConfig.DEFAULTS);

    private final double[] loss;
    private final double[] penalty;

    public LossPenalty(double[] loss, double[] penalty) {
        if (loss.length != penalty.length || loss.length == 0 || loss[0] != 0) {
            throw new IllegalArgumentException("a table of equal length starting at loss 0");
        }
        for (int i = 1; i < loss.length; i++) {
            if (!(loss[i] > loss[i - 1]) || loss[i] > 1 || !(penalty[i] >= penalty[i - 1])) {
                throw new IllegalArgumentException("losses must increase within 0..1 and penalties must not decrease");
            }
        }
        if (!(penalty[0] >= 0)) {
            throw new IllegalArgumentException("penalties must not be negative");
        }
        this.loss = loss.clone();
        this.penalty = penalty.clone();
    }

    /** The table of {@code dns.lossPenalty} (validated there). */
    public static LossPenalty of(List<LossPenaltyPointConfig> points) {
        return new LossPenalty(points.stream().mapToDouble(LossPenaltyPointConfig::loss).toArray(),
                points.stream().mapToDouble(LossPenaltyPointConfig::penalty).toArray());
    }

    public double of(double lossShare) {
        int i = Arrays.binarySearch(loss, lossShare);
        if (i >= 0) {
            return penalty[i];
        }
        int above = -i - 1;
        if (above >= loss.length) {
            return penalty[loss.length - 1];
        }
        double t = (lossShare - loss[above - 1]) / (loss[above] - loss[above - 1]);
        return penalty[above - 1] + t * (penalty[above] - penalty[above - 1]);
    }

    /** {@code latency + max(100 ms, latency) * penalty(loss)}: lower is better. */
    public double score(double latencyMillis, double lossShare) {
        return latencyMillis + Math.max(100, latencyMillis) * of(lossShare);
    }
}
