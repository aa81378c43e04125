package dev.meridian.probe.latency;

import java.util.List;
import java.util.function.Predicate;

/** Where agents' results go: the local table, and every other GTM server so all decide alike. */
@FunctionalInterface
public interface MeasurementSink {
    void accept(List<Measurement> results);

    /**
     * Passes on only results from POPs {@code trusted} accepts: a POP whose own service is failing
     * says nothing about the paths to its clients, and one outage must not poison its averages.
     */
    static MeasurementSink onlyFrom(Predicate<String> trusted, MeasurementSink next) {
        return results -> {
            List<Measurement> kept = results.stream().filter(m -> trusted.test(m.pop())).toList();
            if (!kept.isEmpty()) {
                next.accept(kept);
            }
        };
    }

    static MeasurementSink fanOut(List<MeasurementSink> sinks) {
        List<MeasurementSink> copy = List.copyOf(sinks);
        return results -> copy.forEach(s -> s.accept(results));
    }
}
