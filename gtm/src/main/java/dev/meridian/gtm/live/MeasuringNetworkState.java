package dev.meridian.gtm.live;

import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.state.Health;
import dev.meridian.gtm.state.NetworkState;
import dev.meridian.gtm.state.PathQuality;
import dev.meridian.gtm.state.ReportedLoad;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The network state as the answer policies read it, noticing every client they ask about: the
 * answer goes out with the best guess at hand, and the client is handed to {@code asked} so the
 * latency agents measure it if its own data is missing or stale (a cheap, non-blocking call).
 */
public final class MeasuringNetworkState implements NetworkState {
    private final NetworkState delegate;
    private final Consumer<InetAddress> asked;

    public MeasuringNetworkState(NetworkState delegate, Consumer<InetAddress> asked) {
        this.delegate = delegate;
        this.asked = asked;
    }

    @Override
    public Optional<PathQuality> path(InetAddress server, InetAddress client, Instant now) {
        asked.accept(client);
        return delegate.path(server, client, now);
    }

    @Override
    public Health health(InetAddress server, Instant now) {
        return delegate.health(server, now);
    }

    @Override
    public Optional<ReportedLoad> load(InetAddress server, Instant now) {
        return delegate.load(server, now);
    }

    @Override
    public void reportHealth(InetAddress server, boolean up, String source, Instant observedAt) {
        delegate.reportHealth(server, up, source, observedAt);
    }

    @Override
    public void overrideHealth(InetAddress server, Boolean up, Instant at) {
        delegate.overrideHealth(server, up, at);
    }

    @Override
    public void reportLoad(InetAddress server, double load, Instant reportedAt) {
        delegate.reportLoad(server, load, reportedAt);
    }

    @Override
    public void reportPath(InetAddress server, Cidr clientBlock, double latencyMillis, double loss, Instant measuredAt) {
        delegate.reportPath(server, clientBlock, latencyMillis, loss, measuredAt);
    }
}
