package dev.meridian.gtm.map;

import dev.meridian.core.net.Cidr;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns per-target POP rankings into decisions for blocks: a block whose measured members agree on
 * the best POP carries that decision whole; a block that disagrees is split in halves, recursively,
 * so the result is the largest sub-blocks that agree; halves with no member fall back. At the finest
 * prefix a disagreement is settled by the lowest mean score. Pure: the same rankings give the same
 * decisions on every GTM server.
 *
 * <p>Members agree when the block's best POP (lowest mean score) is within {@code toleranceMs} of each
 * member's own best: two POPs that score alike for a member are a near tie, and measurement noise
 * flipping which of them leads must neither split the block nor move its decision.
 */
public final class BlockUnifier {
    private final int finestV4;
    private final int finestV6;
    private final UnmeasuredBlockFallback fallback;
    private final double toleranceMs;

    public BlockUnifier(int finestV4, int finestV6, UnmeasuredBlockFallback fallback, double toleranceMs) {
        this.finestV4 = finestV4;
        this.finestV6 = finestV6;
        this.fallback = fallback;
        this.toleranceMs = toleranceMs;
    }

    /**
     * @param members each measured target in {@code block} with its POP ranking, best first (targets
     *                no POP reached are ignored: they cannot vote)
     * @return decisions that exactly cover {@code block}, in address order
     */
    public List<BlockDecision> unify(Cidr block, Map<InetAddress, List<PopScore>> members) {
        Map<InetAddress, List<PopScore>> voting = members.entrySet().stream()
                .filter(e -> block.contains(e.getKey()))
                .filter(e -> !e.getValue().isEmpty() && Double.isFinite(e.getValue().get(0).score()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<BlockDecision> out = new ArrayList<>();
        unify(block, voting, out);
        return out;
    }

    private void unify(Cidr block, Map<InetAddress, List<PopScore>> members, List<BlockDecision> out) {
        if (members.isEmpty()) {
            out.add(fallback.decide(block));
            return;
        }
        int finest = block.isIpv4() ? finestV4 : finestV6;
        List<PopScore> combined = combine(members.values());
        if (block.prefix() >= finest || allAccept(members.values(), combined.get(0).pop())) {
            out.add(new BlockDecision(block, combined.get(0).pop(), Reason.UNIFIED, combined, members.size()));
            return;
        }
        for (Cidr half : Blocks.halves(block)) {
            Map<InetAddress, List<PopScore>> inside = new HashMap<>();
            members.forEach((t, r) -> {
                if (half.contains(t)) {
                    inside.put(t, r);
                }
            });
            unify(half, inside, out);
        }
    }

    /** Whether {@code pop} is within the tolerance of every member's own best. */
    private boolean allAccept(java.util.Collection<List<PopScore>> rankings, String pop) {
        for (List<PopScore> r : rankings) {
            double best = r.get(0).score();
            boolean accepted = false;
            for (PopScore s : r) {
                if (s.pop().equals(pop)) {
                    accepted = s.score() <= best + toleranceMs;
                    break;
                }
            }
            if (!accepted) {
                return false;
            }
        }
        return true;
    }

    /** Each POP's mean figures over the members that have one for it; best first. */
    static List<PopScore> combine(java.util.Collection<List<PopScore>> rankings) {
        Map<String, List<PopScore>> byPop = new HashMap<>();
        rankings.forEach(r -> r.forEach(s -> byPop.computeIfAbsent(s.pop(), p -> new ArrayList<>()).add(s)));
        List<PopScore> combined = new ArrayList<>();
        byPop.forEach((pop, scores) -> {
            PopScore latest = scores.stream()
                    .filter(s -> s.lastMeasured() != null)
                    .max(Comparator.comparing(PopScore::lastMeasured))
                    .orElse(scores.get(0));
            combined.add(new PopScore(pop,
                    mean(scores, PopScore::score),
                    latest.recentRttMs(),
                    mean(scores, PopScore::averageRttMs),
                    mean(scores, PopScore::averageLoss),
                    latest.lastMeasured(),
                    scores.stream().anyMatch(PopScore::emulated),
                    scores.stream().allMatch(PopScore::estimated)));
        });
        combined.sort(PopScore.BEST_FIRST);
        return combined;
    }

    private static double mean(List<PopScore> scores, java.util.function.ToDoubleFunction<PopScore> f) {
        return scores.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

}
