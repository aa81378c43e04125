package dev.meridian.gtm.dns;

import dev.meridian.gtm.TestConfigs;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.state.InMemoryNetworkState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Run by {@link UdpServerTest} in a JVM of its own, started without the foreign module: serves UDP with the
 * automatic choice, says which I/O it got and on which port, and stops when its stdin ends.
 */
public final class FallbackMain {
    private FallbackMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock clock = Clock.systemUTC();
        QueryHandler handler = new QueryHandler(TestConfigs.standard(stateDir), new InMemoryNetworkState(() -> Duration.ofSeconds(30), 10),
                PersistenceTable.open(stateDir.resolve("fallback.tsv"), 10, clock.instant()),
                new DecisionRecorder(registry, DecisionRecorder.LogPolicy.off()), registry, clock);
        System.out.println("batched UDP unavailable: " + UdpServer.batchedUnavailable());
        try (UdpServer server = UdpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, handler,
                UdpServer.Io.AUTO)) {
            System.out.println("serving " + server.io() + " " + server.address().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
