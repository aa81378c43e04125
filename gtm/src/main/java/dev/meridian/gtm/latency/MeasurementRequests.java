package dev.meridian.gtm.latency;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.meridian.probe.latency.MeasurementSink;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the POPs' latency agents to measure targets the GTM has no fresh data for. The DNS path only
 * calls {@link #request} (cheap, never blocks); a timer sends what has queued up, each agent getting
 * the targets its POP has no fresh data for, and hands all results to the sink. Stale targets are
 * re-queued on the same timer. POPs that are not {@code usable} (their own service is failing) are
 * neither asked nor waited for: their data is refreshed once they are usable again.
 *
 * <p>Paths {@code contested} for a target (the evidence so far cannot tell its best POP from another:
 * the POPs in contention) are re-measured on the shorter {@code contestedFreshFor}: their averages need
 * more samples to settle which POP wins, while a clear winner, or a POP far behind, gains nothing
 * from more measuring.
 */
public final class MeasurementRequests implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MeasurementRequests.class);

    /**
     * @param freshFor          a target measured more recently than this is not measured again
     * @param contestedFreshFor the same for a contested path (at most {@code freshFor})
     * @param batchSize         most targets per batch
     * @param maxPending        queue bound; requests beyond it are dropped and counted
     * @param interval          how often a batch is sent and stale targets re-queued
     */
    public record Settings(Duration freshFor, Duration contestedFreshFor, int batchSize, int maxPending,
                           Duration interval) {
        public Settings {
            if (contestedFreshFor.compareTo(freshFor) > 0) {
                throw new IllegalArgumentException("contestedFreshFor must not exceed freshFor");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(2), Duration.ofSeconds(30), 256, 10_000, Duration.ofMillis(500));
        }
    }

    private final Map<String, LatencyAgentClient> agents;
    private final Predicate<String> usable;
    private final MeasurementSink sink;
    private final LatencyTable table;
    private final BiPredicate<InetAddress, String> contested;
    private final Clock clock;
    private final Settings settings;
    @GuardedBy("this")
    private final Set<InetAddress> pending = new LinkedHashSet<>();
    @GuardedBy("this")
    private final Set<InetAddress> inFlight = new HashSet<>();
    private final AtomicLong dropped = new AtomicLong();
    @GuardedBy("this")
    private ScheduledFuture<?> timer;

    /**
     * @param agents    each POP's agent, by POP id
     * @param contested whether a POP is in contention for a measured target's best (asked off the DNS path only)
     */
    public MeasurementRequests(Map<String, LatencyAgentClient> agents, Predicate<String> usable, MeasurementSink sink,
                               LatencyTable table, BiPredicate<InetAddress, String> contested, Clock clock,
                               Settings settings) {
        this.agents = new TreeMap<>(agents);
        this.usable = usable;
        this.sink = sink;
        this.table = table;
        this.contested = contested;
        this.clock = clock;
        this.settings = settings;
    }

    /** Queues {@code target} unless its data is fresh or it is already queued; false when it was not queued. */
    public boolean request(InetAddress target) {
        // The DNS path calls this for every query: only the plain age check, no scoring.
        if (isFresh(target, settings.freshFor())) {
            return false;
        }
        return enqueue(target);
    }

    private boolean enqueue(InetAddress target) {
        synchronized (this) {
            if (pending.contains(target) || inFlight.contains(target)) {
                return false;
            }
            if (pending.size() >= settings.maxPending()) {
                dropped.incrementAndGet();
                return false;
            }
            return pending.add(target);
        }
    }

    /**
     * Queues up to one batch of targets whose data has gone stale (or is missing for a usable POP):
     * contested paths after {@code contestedFreshFor}, the others after {@code freshFor}.
     */
    public void requestStale() {
        Instant now = clock.instant();
        table.targets().stream()
                .filter(t -> agents.keySet().stream().anyMatch(pop -> usable.test(pop) && isDue(t, pop, now)))
                .limit(settings.batchSize()).forEach(this::enqueue);
    }

    private boolean isDue(InetAddress target, String pop, Instant now) {
        return !isFresh(target, pop, now, contested.test(target, pop) ? settings.contestedFreshFor() : settings.freshFor());
    }

    /** Fresh when every usable POP has measured the target within {@code freshFor}. */
    private boolean isFresh(InetAddress target, Duration freshFor) {
        Instant now = clock.instant();
        for (String pop : agents.keySet()) {
            if (usable.test(pop) && !isFresh(target, pop, now, freshFor)) {
                return false;
            }
        }
        return true;
    }

    private boolean isFresh(InetAddress target, String pop, Instant now, Duration freshFor) {
        PathStats p = table.path(target, pop);
        return p != null && !p.lastMeasured().plus(freshFor).isBefore(now);
    }

    public long dropped() {
        return dropped.get();
    }

    public synchronized int pending() {
        return pending.size();
    }

    /** Sends one batch to every agent; the future completes once all their results reached the sink. */
    public CompletableFuture<Void> flush() {
        List<InetAddress> batch = takeBatch();
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> each = new ArrayList<>();
        Instant now = clock.instant();
        agents.forEach((pop, agent) -> {
            if (!usable.test(pop)) {
                return;
            }
            List<InetAddress> missing = batch.stream().filter(t -> isDue(t, pop, now)).toList();
            if (missing.isEmpty()) {
                return;
            }
            each.add(agent.measure(missing).thenAccept(sink::accept).exceptionally(e -> {
                log.warn("latency agent of {} failed to measure {} targets: {}", pop, missing.size(), e.toString());
                return null;
            }));
        });
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> finished(batch));
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        long period = settings.interval().toMillis();
        timer = scheduler.scheduleWithFixedDelay(() -> {
            try {
                requestStale();
                flush().join();
            } catch (RuntimeException e) {
                log.warn("latency measurement round failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private synchronized List<InetAddress> takeBatch() {
        List<InetAddress> batch = new ArrayList<>(Math.min(settings.batchSize(), pending.size()));
        var it = pending.iterator();
        while (it.hasNext() && batch.size() < settings.batchSize()) {
            InetAddress t = it.next();
            it.remove();
            batch.add(t);
        }
        inFlight.addAll(batch);
        return batch;
    }

    private synchronized void finished(List<InetAddress> batch) {
        batch.forEach(inFlight::remove);
    }
}
