package dev.meridian.gtm.policy;

import java.util.Arrays;

/**
 * How much packet loss hurts a score: a table of (loss, penalty) points with straight lines between them.
 * The penalty multiplies {@code max(100 ms, latency)}, so 5% loss on a near path costs 100 ms by default.
 */
public final class LossPenalty {
    public static final LossPenalty DEFAULT = new LossPenalty(
            new double[] {0, 0.01, 0.05, 0.10, 0.25, 0.50, 1.0},
            new double[] {0, 0.10, 1.00, 3.00, 10.0, 30.0, 100});

    private final double[] loss;
    private final double[] penalty;

    public LossPenalty(double[] loss, double[] penalty) {
        if (loss.length != penalty.length || loss.length == 0 || loss[0] != 0) {
            throw new IllegalArgumentException("a table of equal length starting at loss 0");
        }
        this.loss = loss.clone();
        this.penalty = penalty.clone();
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
