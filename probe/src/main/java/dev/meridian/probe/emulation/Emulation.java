package dev.meridian.probe.emulation;

import dev.meridian.core.config.EmulatedLinkConfig;
import dev.meridian.core.config.EmulationConfig;
import dev.meridian.core.net.Cidr;
import dev.meridian.probe.latency.MeasurementMethod;
import dev.meridian.probe.service.Prober;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * EMULATION as {@code probes.emulation} configures it, for whichever process measures: the GTM
 * (its own vantage point, or agents run locally) and every POP's edge. Each process emulates the
 * same matrix from its own start time; the random seed makes a run repeatable.
 */
public final class Emulation {
    /** Replies to emulated measurements vary by up to this share of the link's RTT. */
    private static final double JITTER = 0.05;

    private final EmulationConfig config;
    private final EmulatedNetwork network;
    private final SplittableRandom random;
    private final Clock clock;

    private Emulation(EmulationConfig config, EmulatedNetwork network, Clock clock) {
        this.config = config;
        this.network = network;
        this.random = new SplittableRandom(config.seed());
        this.clock = clock;
    }

    /** The emulation with its timeline (link changes, outages) starting now. */
    public static Emulation fromConfig(EmulationConfig config, Clock clock) {
        return fromConfig(config, clock, clock.instant());
    }

    /**
     * The emulation with its timeline counted from {@code start}: a process that rebuilds it on a
     * config reload passes its own start, so the timeline goes on rather than starting over.
     */
    public static Emulation fromConfig(EmulationConfig config, Clock clock, Instant start) {
        return new Emulation(config, network(config, clock, start), clock);
    }

    public EmulatedNetwork network() {
        return network;
    }

    /** A measurement method over the emulated matrix, with its own random stream. */
    public synchronized MeasurementMethod method(int attempts) {
        return new EmulatedMethod(network, attempts, JITTER, random.split());
    }

    /**
     * Service probes as the emulation changes them: nothing gets through from a vantage point
     * during its POP's outage, and the configured share of the rest is dropped.
     */
    public synchronized Prober prober(Prober real) {
        Prober prober = new EmulatedOutages(real, network, clock);
        return config.probeLoss() > 0 ? new EmulatedProbeLoss(prober, config.probeLoss(), random.split(), clock) : prober;
    }

    private static EmulatedNetwork network(EmulationConfig e, Clock clock, Instant start) {
        List<EmulatedNetwork.Link> links = new ArrayList<>();
        List<EmulatedNetwork.Change> changes = new ArrayList<>();
        for (EmulatedLinkConfig l : e.links()) {
            EmulatedNetwork.Link link = new EmulatedNetwork.Link(l.pop(), Cidr.parse(l.block()), l.rtt().toNanos() / 1e6,
                    l.loss());
            if (l.after() == null) {
                links.add(link);
            } else {
                changes.add(new EmulatedNetwork.Change(l.after(), link));
            }
        }
        List<EmulatedNetwork.Outage> outages = e.outages().stream()
                .map(o -> new EmulatedNetwork.Outage(o.pop(), o.from(), o.until())).toList();
        return new EmulatedNetwork(links, changes, outages, start, clock);
    }
}
