package dev.meridian.gtm.load;

import dev.meridian.probe.load.LoadReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest load report of every POP. A report older than {@code maxAge} counts as unknown; a POP
 * whose fresh figure is over {@code overloadThreshold} stops getting new clients.
 */
public final class LoadBoard {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);
    public static final int DEFAULT_OVERLOAD_THRESHOLD = 800;

    private final Duration maxAge;
    private final int overloadThreshold;
    private final Clock clock;
    private final Map<String, LoadReport> latest = new ConcurrentHashMap<>();
    private final List<Consumer<LoadReport>> listeners = new CopyOnWriteArrayList<>();

    public LoadBoard(Duration maxAge, int overloadThreshold, Clock clock) {
        this.maxAge = maxAge;
        this.overloadThreshold = overloadThreshold;
        this.clock = clock;
    }

    public void onReport(Consumer<LoadReport> listener) {
        listeners.add(listener);
    }

    /** Keeps the report unless a newer one from the same POP is already in. */
    public void record(LoadReport report) {
        LoadReport kept = latest.merge(report.pop(), report, (old, fresh) -> fresh.at().isBefore(old.at()) ? old : fresh);
        if (kept == report) {
            listeners.forEach(l -> l.accept(report));
        }
    }

    public PopLoad load(String pop) {
        LoadReport r = latest.get(pop);
        if (r == null || r.at().plus(maxAge).isBefore(clock.instant())) {
            return PopLoad.unknown(pop, r);
        }
        return PopLoad.reported(r, overloadThreshold);
    }

    public int overloadThreshold() {
        return overloadThreshold;
    }
}
