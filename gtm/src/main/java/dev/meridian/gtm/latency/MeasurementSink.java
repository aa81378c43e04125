package dev.meridian.gtm.latency;

import java.util.List;

/** Where agents' results go: the local table, and every other GTM server so all decide alike. */
@FunctionalInterface
public interface MeasurementSink {
    void accept(List<Measurement> results);

    static MeasurementSink fanOut(List<MeasurementSink> sinks) {
        List<MeasurementSink> copy = List.copyOf(sinks);
        return results -> copy.forEach(s -> s.accept(results));
    }
}
