package dev.meridian.probe.load;

import dev.meridian.core.observability.SystemLoad;
import java.time.Instant;

/**
 * What an edge says about its load, as it sends it to every GTM server and as they read it: requests in
 * flight, requests per second, CPU use (0..1), and the load figure {@code 10 x load average + swap used in
 * MB} ({@value #UNKNOWN_FIGURE} when the edge cannot tell), stamped with when it was taken.
 */
public record LoadReport(String pop, Instant at, int inFlight, double requestRate, double cpu, int loadFigure) {
    public static final int UNKNOWN_FIGURE = SystemLoad.UNKNOWN_FIGURE;

    public LoadReport {
        if (pop == null || pop.isBlank()) {
            throw new IllegalArgumentException("load report without a pop");
        }
        if (at == null) {
            throw new IllegalArgumentException("load report without a time");
        }
        if (inFlight < 0 || !(requestRate >= 0) || !(cpu >= 0 && cpu <= 1) || loadFigure < 0) {
            throw new IllegalArgumentException("load report figures out of range (inFlight >= 0, requestRate >= 0, "
                    + "cpu within 0..1, loadFigure >= 0)");
        }
    }
}
