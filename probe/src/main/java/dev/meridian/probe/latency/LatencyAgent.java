package dev.meridian.probe.latency;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The latency agent of one POP: measures batches of targets from that POP, each with the methods in
 * order (cheapest first), moving on to the next method only when one got no reply at all.
 */
public final class LatencyAgent {
    private final String pop;
    private final List<MeasurementMethod> methods;
    private final Clock clock;
    private final Executor executor;

    /** {@code executor} runs the (blocking) measurements; size it for how many targets may be probed at once. */
    public LatencyAgent(String pop, List<MeasurementMethod> methods, Clock clock, Executor executor) {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a latency agent needs at least one measurement method");
        }
        this.pop = pop;
        this.methods = List.copyOf(methods);
        this.clock = clock;
        this.executor = executor;
    }

    public String pop() {
        return pop;
    }

    public List<MeasurementMethod> methods() {
        return methods;
    }

    /** Measures every target of the batch concurrently; the future completes with one result per target. */
    public CompletableFuture<List<Measurement>> measure(List<InetAddress> targets) {
        List<CompletableFuture<Measurement>> each = new ArrayList<>(targets.size());
        for (InetAddress target : targets) {
            each.add(CompletableFuture.supplyAsync(() -> measureOne(target), executor));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    public Measurement measureOne(InetAddress target) {
        for (MeasurementMethod method : methods) {
            Optional<PathSample> sample = method.measure(pop, target);
            if (sample.isPresent()) {
                return Measurement.of(pop, target, sample.get(), method, clock.instant());
            }
        }
        return Measurement.unreachable(pop, target, clock.instant());
    }
}
