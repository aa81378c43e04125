package dev.meridian.probe.emulation;

import dev.meridian.core.net.Cidr;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * EMULATION: invented distances between POPs and client blocks, for the demo, the steering tests and
 * the simulation, where every address is a loopback neighbour. A matrix of links (POP, client block,
 * RTT, loss), changes that replace a link's figures from a point in time on, and outages during which
 * a POP's links lose everything. Times are offsets from {@code start}. Nothing here measures anything.
 */
public final class EmulatedNetwork {
    public record Link(String pop, Cidr block, double rttMs, double loss) {
        public Link {
            if (!(rttMs >= 0) || !(loss >= 0 && loss <= 1)) {
                throw new IllegalArgumentException("emulated link " + pop + " -> " + block
                        + ": rtt must be >= 0 ms and loss within 0..1");
            }
        }
    }

    /** From {@code after} on, the link from {@code pop} to {@code block} has these figures. */
    public record Change(Duration after, Link link) {}

    /** From {@code from} until {@code until}, nothing from {@code pop} gets through. */
    public record Outage(String pop, Duration from, Duration until) {}

    private final List<Link> links;
    private final List<Change> changes;
    private final List<Outage> outages;
    private final Instant start;
    private final Clock clock;

    public EmulatedNetwork(List<Link> links, List<Change> changes, List<Outage> outages, Instant start, Clock clock) {
        this.links = List.copyOf(links);
        this.changes = changes.stream().sorted(Comparator.comparing(Change::after)).toList();
        this.outages = List.copyOf(outages);
        this.start = start;
        this.clock = clock;
    }

    /** Whether {@code pop} is in an outage now. */
    public boolean isOut(String pop) {
        return isOut(pop, Duration.between(start, clock.instant()));
    }

    private boolean isOut(String pop, Duration elapsed) {
        return outages.stream().anyMatch(o -> o.pop().equals(pop)
                && o.from().compareTo(elapsed) <= 0 && elapsed.compareTo(o.until()) < 0);
    }

    /** The figures from {@code pop} to {@code target} now: the most specific block wins; empty when no link covers it. */
    public Optional<Link> link(String pop, InetAddress target) {
        Duration elapsed = Duration.between(start, clock.instant());
        List<Link> current = new ArrayList<>(links);
        for (Change c : changes) {
            if (c.after().compareTo(elapsed) <= 0) {
                current.removeIf(l -> l.pop().equals(c.link().pop()) && l.block().equals(c.link().block()));
                current.add(c.link());
            }
        }
        Optional<Link> best = current.stream()
                .filter(l -> l.pop().equals(pop) && l.block().contains(target))
                .max(Comparator.comparingInt(l -> l.block().prefix()));
        return isOut(pop, elapsed) ? best.map(l -> new Link(l.pop(), l.block(), l.rttMs(), 1.0)) : best;
    }
}
