package dev.meridian.gtm.map;

import dev.meridian.gtm.latency.PathStats;
import dev.meridian.gtm.policy.LossPenalty;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether a measured target's best POP is still in doubt, so its paths deserve measuring sooner. Loss
 * is what is hard to know: a path that lost 5% of its packets loses none of 10 more often than not,
 * and a loss estimate of 0 from ten packets says little. So each POP's loss is taken at the bound of
 * its Wilson score interval (one-sided 95%) for the packets behind its average: the decision is in
 * doubt when the best POP, at its worst plausible loss, does not beat some other POP, at its best
 * plausible loss, by {@code marginMs}. Evidence accumulates in the time-weighted averages, so a
 * contested target stops being contested once enough packets agree.
 *
 * @param packetsPerMeasurement packets one measurement sends ({@code attempts}): a loss sample weighs this many
 */
public record Contest(LossPenalty scoring, double marginMs, int packetsPerMeasurement) {
    private static final double Z = 1.645;

    /**
     * The POPs in doubt for a target: its best POP and every POP that might beat it, or none when the
     * best is beyond doubt (or there is nothing to compare). Only these need measuring sooner.
     */
    public Set<String> contenders(Map<String, PathStats> paths) {
        String best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, PathStats> e : paths.entrySet()) {
            double s = e.getValue().score(scoring);
            if (s < bestScore || (s == bestScore && best != null && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                bestScore = s;
            }
        }
        if (best == null || !Double.isFinite(bestScore)) {
            return Set.of();
        }
        PathStats b = paths.get(best);
        double worstOfBest = scoring.score(b.averageRttMs(), wilson(b, +1));
        Set<String> contenders = new HashSet<>();
        for (Map.Entry<String, PathStats> e : paths.entrySet()) {
            PathStats o = e.getValue();
            if (!e.getKey().equals(best) && Double.isFinite(o.averageRttMs())
                    && scoring.score(o.averageRttMs(), wilson(o, -1)) <= worstOfBest + marginMs) {
                contenders.add(e.getKey());
            }
        }
        if (!contenders.isEmpty()) {
            contenders.add(best);
        }
        return Set.copyOf(contenders);
    }

    /** The upper ({@code side} +1) or lower (-1) Wilson bound of the path's loss. */
    private double wilson(PathStats p, int side) {
        double n = p.loss().weightSum() * packetsPerMeasurement;
        double loss = p.averageLoss();
        double z2n = Z * Z / n;
        double center = (loss + z2n / 2) / (1 + z2n);
        double half = Z * Math.sqrt(loss * (1 - loss) / n + z2n / (4 * n)) / (1 + z2n);
        return Math.max(0, Math.min(1, center + side * half));
    }
}
