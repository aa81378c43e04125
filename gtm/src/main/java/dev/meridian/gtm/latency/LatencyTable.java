package dev.meridian.gtm.latency;

import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.latency.MeasurementSink;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every POP-to-target path the agents have measured. Bounded: past {@code maxTargets} targets the
 * one measured longest ago is forgotten. Listeners hear about each recorded result (the map
 * recomputes the target's block).
 */
public final class LatencyTable implements MeasurementSink {
    /** One row for persistence and for sharing between GTM servers. */
    public record Row(String pop, InetAddress target, PathStats stats) {}

    private final Duration timeConstant;
    private final int maxTargets;
    private final Map<InetAddress, Map<String, PathStats>> byTarget = new ConcurrentHashMap<>();
    private final List<Consumer<InetAddress>> listeners = new CopyOnWriteArrayList<>();

    public LatencyTable(Duration timeConstant, int maxTargets) {
        this.timeConstant = timeConstant;
        this.maxTargets = maxTargets;
    }

    public Duration timeConstant() {
        return timeConstant;
    }

    /** Called with the target after each result for it is recorded. */
    public void onChange(Consumer<InetAddress> listener) {
        listeners.add(listener);
    }

    @Override
    public void accept(List<Measurement> results) {
        results.forEach(this::record);
    }

    public void record(Measurement m) {
        byTarget.computeIfAbsent(m.target(), t -> new ConcurrentHashMap<>())
                .merge(m.pop(), PathStats.first(m, timeConstant), (old, fresh) -> old.plus(m));
        evictIfFull();
        listeners.forEach(l -> l.accept(m.target()));
    }

    /** Restores rows saved earlier or received from a peer, replacing what is known about those paths. */
    public void restore(List<Row> rows) {
        for (Row row : rows) {
            byTarget.computeIfAbsent(row.target(), t -> new ConcurrentHashMap<>()).put(row.pop(), row.stats());
        }
        evictIfFull();
        rows.stream().map(Row::target).distinct().forEach(t -> listeners.forEach(l -> l.accept(t)));
    }

    public List<Row> rows() {
        return byTarget.entrySet().stream()
                .flatMap(e -> e.getValue().entrySet().stream().map(p -> new Row(p.getKey(), e.getKey(), p.getValue())))
                .toList();
    }

    /** The path from {@code pop} to {@code target}, or null; no copying (the DNS path asks this). */
    public PathStats path(InetAddress target, String pop) {
        Map<String, PathStats> paths = byTarget.get(target);
        return paths == null ? null : paths.get(pop);
    }

    /** Paths to {@code target} keyed by POP; empty when never measured. */
    public Map<String, PathStats> paths(InetAddress target) {
        Map<String, PathStats> paths = byTarget.get(target);
        return paths == null ? Map.of() : Map.copyOf(paths);
    }

    /** A copy, in an order fixed by the table's contents (Set.copyOf's order changes from run to run). */
    public Set<InetAddress> targets() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byTarget.keySet()));
    }

    public Optional<Instant> lastMeasured(InetAddress target) {
        // On the DNS path (every query asks whether its client is fresh): no copying.
        Map<String, PathStats> paths = byTarget.get(target);
        if (paths == null) {
            return Optional.empty();
        }
        Instant newest = null;
        for (PathStats p : paths.values()) {
            if (newest == null || p.lastMeasured().isAfter(newest)) {
                newest = p.lastMeasured();
            }
        }
        return Optional.ofNullable(newest);
    }

    public int size() {
        return byTarget.size();
    }

    private void evictIfFull() {
        while (byTarget.size() > maxTargets) {
            byTarget.keySet().stream()
                    .min(Comparator.comparing((InetAddress t) -> lastMeasured(t).orElse(Instant.EPOCH)))
                    .ifPresent(byTarget::remove);
        }
    }
}
