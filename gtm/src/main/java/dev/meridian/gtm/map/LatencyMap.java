package dev.meridian.gtm.map;

import dev.meridian.core.net.Cidr;

import dev.meridian.gtm.latency.LatencyTable;
import dev.meridian.gtm.latency.PathStats;
import dev.meridian.gtm.policy.LossPenalty;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which POP is best for which client block, kept current from the latency table. Targets are
 * grouped into base blocks (/16 and /48 by default); each base block's cover of decisions is
 * recomputed whenever one of its members gets a new result, so lookups are a few hash probes.
 */
public final class LatencyMap {
    /** Base block sizes, and the finest blocks a disagreement may split down to. */
    public record Prefixes(int baseV4, int finestV4, int baseV6, int finestV6) {
        public static Prefixes defaults() {
            return new Prefixes(16, 24, 48, 64);
        }
    }

    private final LatencyTable table;
    private final LossPenalty scoring;
    private final Prefixes prefixes;
    private final BlockUnifier unifier;
    private final UnmeasuredBlockFallback fallback;
    private final Map<Cidr, Map<InetAddress, Boolean>> membersByBase = new ConcurrentHashMap<>();
    private final Map<Cidr, List<BlockDecision>> coverByBase = new ConcurrentHashMap<>();
    private final Contest contest;
    /** Measured targets whose best POP is in doubt, with the POPs in contention. */
    private final Map<InetAddress, java.util.Set<String>> contenders = new ConcurrentHashMap<>();
    private final List<Consumer<Cidr>> listeners = new CopyOnWriteArrayList<>();

    /** @param contest which measured targets' decisions are still in doubt (measured sooner) */
    public LatencyMap(LatencyTable table, LossPenalty scoring, Prefixes prefixes, UnmeasuredBlockFallback fallback,
                      Contest contest) {
        this.table = table;
        this.scoring = scoring;
        this.prefixes = prefixes;
        this.fallback = fallback;
        this.contest = contest;
        // Scores within the contest margin are not told apart: a block is not split over a near tie.
        this.unifier = new BlockUnifier(prefixes.finestV4(), prefixes.finestV6(), fallback, contest.marginMs());
        table.targets().forEach(this::memberChanged);
        table.onChange(this::memberChanged);
    }

    /** Called with the base block whose decisions were just recomputed. */
    public void onChange(Consumer<Cidr> listener) {
        listeners.add(listener);
    }

    public MapAnswer lookup(InetAddress client) {
        Map<String, PathStats> own = table.paths(client);
        Cidr base = baseBlock(client);
        BlockDecision decision = decisionFor(base, client);
        List<PopScore> ranking = ranking(own);
        if (!ranking.isEmpty() && Double.isFinite(ranking.get(0).score())) {
            return new MapAnswer(client, decision.block(), ranking.get(0).pop(), Reason.MEASURED, ranking);
        }
        return new MapAnswer(client, decision.block(), decision.pop(), decision.reason(), decision.scores());
    }

    /** The decision for the block exactly as given, when the map has one (an unmeasured base block falls back). */
    public Optional<BlockDecision> block(Cidr block) {
        Cidr base = baseBlock(block.network());
        if (block.prefix() < base.prefix()) {
            return Optional.empty();
        }
        List<BlockDecision> cover = coverByBase.get(base);
        if (cover == null) {
            return block.equals(base) ? Optional.of(fallback.decide(base)) : Optional.empty();
        }
        return cover.stream().filter(d -> d.block().equals(block)).findFirst();
    }

    /** Every decision that rests on measurements (base blocks nobody was measured in are not listed). */
    public List<BlockDecision> decisions() {
        List<BlockDecision> all = new ArrayList<>();
        coverByBase.values().forEach(all::addAll);
        all.sort(java.util.Comparator.comparing(BlockDecision::block, Blocks.ORDER));
        return all;
    }

    /** The decisions covering one base block; empty when nobody in it was measured. */
    public List<BlockDecision> cover(Cidr base) {
        return coverByBase.getOrDefault(base, List.of());
    }

    /** Each POP's figures for one target, best first. */
    public List<PopScore> ranking(Map<String, PathStats> paths) {
        List<PopScore> ranking = new ArrayList<>(paths.size());
        paths.forEach((pop, p) -> ranking.add(new PopScore(pop, p.score(scoring), p.last().rttMs(),
                p.averageRttMs(), p.averageLoss(), p.lastMeasured(), p.last().emulated(), false)));
        ranking.sort(PopScore.BEST_FIRST);
        return ranking;
    }

    /** Whether {@code pop} is in contention for the measured {@code target}'s best POP (see {@link Contest}). */
    public boolean isContested(InetAddress target, String pop) {
        java.util.Set<String> pops = contenders.get(target);
        return pops != null && pops.contains(pop);
    }

    public Cidr baseBlock(InetAddress address) {
        boolean v6 = address.getAddress().length == 16;
        return Cidr.of(address, v6 ? prefixes.baseV6() : prefixes.baseV4());
    }

    private BlockDecision decisionFor(Cidr base, InetAddress client) {
        List<BlockDecision> cover = coverByBase.get(base);
        if (cover == null) {
            return fallback.decide(base);
        }
        for (BlockDecision d : cover) {
            if (d.block().contains(client)) {
                return d;
            }
        }
        throw new IllegalStateException("decisions for " + base + " do not cover " + client);
    }

    private void memberChanged(InetAddress target) {
        Cidr base = baseBlock(target);
        Map<InetAddress, Boolean> members = membersByBase.computeIfAbsent(base, b -> new ConcurrentHashMap<>());
        members.put(target, Boolean.TRUE);
        // Targets the table has forgotten (evicted) stop voting.
        members.keySet().removeIf(m -> {
            boolean forgotten = table.paths(m).isEmpty();
            if (forgotten) {
                contenders.remove(m);
            }
            return forgotten;
        });
        // Recomputing inside compute() serialises concurrent results for one base block.
        coverByBase.compute(base, (b, old) -> {
            return unifier.unify(b, rankings(membersByBase.get(b).keySet()));
        });
        listeners.forEach(l -> l.accept(base));
    }

    private void updateContested(InetAddress target, Map<String, PathStats> paths) {
        java.util.Set<String> pops = contest.contenders(paths);
        if (pops.isEmpty()) {
            contenders.remove(target);
        } else {
            contenders.put(target, pops);
        }
    }

    private Map<InetAddress, List<PopScore>> rankings(Collection<InetAddress> members) {
        Map<InetAddress, List<PopScore>> rankings = new HashMap<>();
        for (InetAddress m : members) {
            Map<String, PathStats> paths = table.paths(m);
            if (!paths.isEmpty()) {
                rankings.put(m, ranking(paths));
                updateContested(m, paths);
            }
        }
        return rankings;
    }
}
