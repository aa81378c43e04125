package dev.meridian.gtm.policy;

import dev.meridian.gtm.state.NetworkState;
import dev.meridian.gtm.state.PathQuality;
import dev.meridian.gtm.state.ReportedLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Step 4: score every server for this client, {@code latency + max(100 ms, latency) * penalty(loss)} plus
 * load and configured cost, and keep those within the tolerance of the best (weights share among them).
 * A server with no fresh measurement for the client scores {@link #UNMEASURED_LATENCY_MS} so it neither
 * beats a measured near server nor loses to a measured far one.
 */
public final class RankByScore implements PolicyStep {
    public static final double UNMEASURED_LATENCY_MS = 100;

    private final NetworkState state;
    private final LossPenalty penalty;
    private final double toleranceMillis;
    private final double loadWeight;

    public RankByScore(NetworkState state, LossPenalty penalty, Duration tolerance, double loadWeight) {
        this.state = state;
        this.penalty = penalty;
        this.toleranceMillis = tolerance.toNanos() / 1e6;
        this.loadWeight = loadWeight;
    }

    @Override
    public Selection apply(Selection in, PolicyContext context) {
        if (in.settled() || in.candidates().size() < 2) {
            return in;
        }
        List<Candidate> candidates = in.candidates();
        double[] scores = new double[candidates.size()];
        double best = Double.POSITIVE_INFINITY;
        int dependsOn = 0;
        for (int i = 0; i < scores.length; i++) {
            Candidate c = candidates.get(i);
            Optional<PathQuality> path = context.client() == null ? Optional.empty()
                    : state.path(c.address(), context.client().address(), context.now());
            Optional<ReportedLoad> load = state.load(c.address(), context.now());
            scores[i] = (path.isPresent() ? penalty.score(path.get().latencyMillis(), path.get().loss()) : UNMEASURED_LATENCY_MS)
                    + loadWeight * (load.isPresent() ? load.get().load() : 0.0)
                    + c.costMillis();
            if (path.isPresent()) {
                dependsOn = Math.max(dependsOn, Math.min(path.get().clientBlock().prefix(), context.client().sourcePrefix()));
            }
            if (scores[i] < best) {
                best = scores[i];
            }
        }
        double limit = best + toleranceMillis;
        int within = 0;
        for (double score : scores) {
            within += score <= limit ? 1 : 0;
        }
        if (within == scores.length) {
            // All within tolerance (as with no data at all), the common case: kept as they are, no list, no sort.
            return in.dependingOn(dependsOn);
        }
        List<Scored> kept = new ArrayList<>(within);
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] <= limit) {
                kept.add(new Scored(candidates.get(i), scores[i]));
            }
        }
        kept.sort(Comparator.comparingDouble(Scored::score)); // best first; stable, so ties keep configured order
        return in.narrowed(kept.stream().map(Scored::candidate).toList(), "ranked").dependingOn(dependsOn);
    }

    private record Scored(Candidate candidate, double score) {
    }
}
