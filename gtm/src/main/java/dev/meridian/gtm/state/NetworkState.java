package dev.meridian.gtm.state;

import dev.meridian.core.net.Cidr;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything answers depend on that changes at run time: health, load and path quality of every address.
 * One interface, fed by the config, the operator API and (later) live probes, read by the answer policies.
 * Servers are keyed by address; a POP is its edge's address. Readers pass {@code now} so a whole decision
 * sees one instant, and only ever see fresh data: anything older than the stale-after age reads as stale or
 * absent.
 */
public interface NetworkState {
    Health health(InetAddress server, Instant now);

    Optional<ReportedLoad> load(InetAddress server, Instant now);

    /** The most specific fresh measurement from the server toward a block holding the client. */
    Optional<PathQuality> path(InetAddress server, InetAddress client, Instant now);

    /** A probe's verdict (after its own hysteresis). */
    void reportHealth(InetAddress server, boolean up, String source, Instant observedAt);

    /** An operator's mark; it wins over every probe until cleared with {@code null}. */
    void overrideHealth(InetAddress server, Boolean up, Instant at);

    void reportLoad(InetAddress server, double load, Instant reportedAt);

    void reportPath(InetAddress server, Cidr clientBlock, double latencyMillis, double loss, Instant measuredAt);
}
