package dev.meridian.probe.service;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes a set of targets from one vantage point, each at its own interval, and hands every result
 * to a sink. Start times are spread over the interval so probes do not go out in bursts; a target
 * whose previous probe is still running is skipped rather than piled up.
 */
public final class ProbeRunner implements AutoCloseable {
    private final String vantage;
    private final List<ProbeTarget> targets;
    private final Prober prober;
    private final ProbeResultSink sink;
    private final Set<ProbeTarget> running = ConcurrentHashMap.newKeySet();
    @GuardedBy("this")
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    public ProbeRunner(String vantage, List<ProbeTarget> targets, Prober prober, ProbeResultSink sink) {
        this.vantage = vantage;
        this.targets = List.copyOf(targets);
        this.prober = prober;
        this.sink = sink;
    }

    public String vantage() {
        return vantage;
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        for (int i = 0; i < targets.size(); i++) {
            ProbeTarget t = targets.get(i);
            long period = t.interval().toMillis();
            long offset = period * i / targets.size();
            timers.add(scheduler.scheduleAtFixedRate(() -> probeOnce(t), offset, period, TimeUnit.MILLISECONDS));
        }
    }

    /** Probes {@code target} now unless its previous probe is still out. */
    public void probeOnce(ProbeTarget target) {
        if (!running.add(target)) {
            return;
        }
        prober.probe(target, vantage).whenComplete((result, error) -> {
            running.remove(target);
            if (result != null) {
                sink.accept(result);
            }
        });
    }

    @Override
    public synchronized void close() {
        timers.forEach(f -> f.cancel(false));
        timers.clear();
    }
}
