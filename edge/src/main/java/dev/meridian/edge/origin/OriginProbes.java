package dev.meridian.edge.origin;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.OriginHealthConfig;
import dev.meridian.core.config.OriginServerConfig;
import dev.meridian.probe.service.HttpProber;
import dev.meridian.probe.service.ProbeRunner;
import dev.meridian.probe.service.ProbeTarget;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Probes the servers of every origin whose {@code health} names a path, with the GTM's HTTP probe
 * ({@link HttpProber}: a 2xx holding the expected string, within the timeout), and reports each
 * result to {@link OriginGroups}. Follows config reloads: the probes of the new config replace the old.
 */
final class OriginProbes implements AutoCloseable {
    private final OriginGroups groups;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("origin-probes"));
    private HttpProber prober;
    private ProbeRunner runner;
    private boolean closed;

    /** Which origin server a probe's address stands for. */
    private record Probed(OriginConfig origin, OriginServerConfig server) {
    }

    OriginProbes(OriginGroups groups) {
        this.groups = groups;
    }

    synchronized void follow(MeridianConfig config) {
        if (closed) {
            return;
        }
        if (runner != null) {
            runner.close();
            runner = null;
        }
        Map<String, Probed> byAddress = new HashMap<>();
        List<ProbeTarget> targets = new ArrayList<>();
        config.customers().forEach(c -> c.properties().forEach(p -> p.origins().forEach(o -> {
            OriginHealthConfig health = o.health();
            if (!health.active() || o.servers().size() < 2) {
                return;
            }
            for (OriginServerConfig server : o.servers()) {
                String address = o.host() + " " + server.url();
                byAddress.put(address, new Probed(o, server));
                targets.add(new ProbeTarget(address, probeUrl(server, health), health.expect(), health.timeout(),
                        health.interval()));
            }
        })));
        if (targets.isEmpty()) {
            return;
        }
        if (prober == null) {
            prober = new HttpProber(HttpProber.defaultClient(), Clock.systemUTC());
        }
        runner = new ProbeRunner("edge", targets, prober, result -> {
            Probed probed = byAddress.get(result.address());
            if (probed != null) {
                groups.report(probed.origin(), probed.server(), result.ok());
            }
        });
        runner.start(scheduler);
    }

    private static URI probeUrl(OriginServerConfig server, OriginHealthConfig health) {
        String base = server.url().endsWith("/") ? server.url().substring(0, server.url().length() - 1) : server.url();
        return URI.create(base + health.path());
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (runner != null) {
            runner.close();
        }
        scheduler.shutdownNow();
    }
}
