package dev.meridian.probe.emulation;

import dev.meridian.probe.latency.MeasurementMethod;
import dev.meridian.probe.latency.PathSample;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * EMULATION: a measurement method that looks the path up in an {@link EmulatedNetwork} instead of
 * sending packets, then plays {@code attempts} tries against it (each lost with the link's loss
 * probability, replies jittered by up to {@code jitter} of the RTT), so agents, averages, scores,
 * blocks and answers all run as they would on a real network. Results are labelled "emulated".
 */
public final class EmulatedMethod implements MeasurementMethod {
    private final EmulatedNetwork network;
    private final int attempts;
    private final double jitter;
    private final RandomGenerator random;

    public EmulatedMethod(EmulatedNetwork network, int attempts, double jitter, RandomGenerator random) {
        this.network = network;
        this.attempts = attempts;
        this.jitter = jitter;
        this.random = random;
    }

    @Override
    public String name() {
        return "emulated";
    }

    @Override
    public boolean emulated() {
        return true;
    }

    @Override
    public Optional<PathSample> measure(String pop, InetAddress target) {
        return network.link(pop, target).flatMap(link -> PathSample.ofAttempts(attempts, i -> {
            synchronized (random) {
                if (random.nextDouble() < link.loss()) {
                    return OptionalDouble.empty();
                }
                return OptionalDouble.of(link.rttMs() * (1 + jitter * (2 * random.nextDouble() - 1)));
            }
        }));
    }
}
