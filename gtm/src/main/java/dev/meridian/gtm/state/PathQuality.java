package dev.meridian.gtm.state;

import dev.meridian.core.net.Cidr;
import java.time.Instant;

/**
 * Latency and loss from a server (POP edge or customer server) to a client block, as time-weighted averages.
 *
 * @param clientBlock the block the measurement stands for: answers that use it depend on this many client bits
 * @param loss        share of probes lost, 0..1
 */
public record PathQuality(Cidr clientBlock, double latencyMillis, double loss, Instant measuredAt) {
    public PathQuality {
        if (latencyMillis < 0 || loss < 0 || loss > 1) {
            throw new IllegalArgumentException("latency must be >= 0 and loss within 0..1");
        }
    }
}
