package dev.meridian.gtm.latency;

import dev.meridian.probe.latency.LatencyAgent;
import dev.meridian.probe.latency.Measurement;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** How the GTM reaches one POP's latency agent: in process, or over the network. */
@FunctionalInterface
public interface LatencyAgentClient {
    CompletableFuture<List<Measurement>> measure(List<InetAddress> targets);

    static LatencyAgentClient local(LatencyAgent agent) {
        return agent::measure;
    }
}
