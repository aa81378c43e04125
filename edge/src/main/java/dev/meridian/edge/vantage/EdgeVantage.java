package dev.meridian.edge.vantage;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.LatencyProbesConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.ProbesConfig;
import dev.meridian.probe.emulation.Emulation;
import dev.meridian.probe.latency.LatencyAgent;
import dev.meridian.probe.latency.MeasurementMethods;
import dev.meridian.probe.service.HttpProber;
import dev.meridian.probe.service.ProbeRunner;
import dev.meridian.probe.service.ProbeTarget;
import dev.meridian.probe.service.ProbeTargets;
import dev.meridian.probe.service.Prober;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This POP as a vantage point of the GTM, when the config has {@code dns.probes}: its latency agent,
 * which GTM servers ask through {@link MeasureEndpoint}, and its service probes of the other POPs'
 * edges and of the customer servers, every result posted to every GTM server under this POP's id.
 * With {@code probes.emulation} both measure as the emulation says (EMULATED distances, outages of
 * this POP, probe loss). Follows config reloads: targets, GTM servers and methods are rebuilt.
 */
public final class EdgeVantage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeVantage.class);
    /** Measurements block on sockets; this many run at once, the rest of the admitted batches wait. */
    static final int AGENT_THREADS = 8;
    static final Duration POST_EVERY = Duration.ofMillis(200);

    private final String pop;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor agentPool;
    private final OkHttpClient client;
    private final Prober http;
    private final MeasureEndpoint endpoint;
    private final MeterRegistry registry;
    /** When this edge started: the emulated timeline counts from here, across config reloads. */
    private final Instant started;
    private volatile Running running;
    @GuardedBy("this")
    private boolean closed;

    /** What one config runs; replaced whole on reload. */
    private record Running(LatencyAgent agent, ProbeRunner runner, ScheduledFuture<?> posting) {
        void stop() {
            if (runner != null) {
                runner.close();
                posting.cancel(false);
            }
        }
    }

    private EdgeVantage(ConfigHolder config, String pop, Clock clock, MeterRegistry registry) {
        this.pop = pop;
        this.registry = registry;
        this.started = clock.instant();
        this.clock = clock;
        this.timer = Executors.newScheduledThreadPool(1, DaemonThreads.numbered("edge-" + pop + "-vantage-"));
        // Never more queued than the endpoint admits (batches x batch size), so nothing is rejected.
        this.agentPool = new ThreadPoolExecutor(AGENT_THREADS, AGENT_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MeasureEndpoint.MAX_BATCHES * MeasureEndpoint.MAX_BATCH),
                DaemonThreads.numbered("edge-" + pop + "-latency-agent-"));
        agentPool.allowCoreThreadTimeOut(true);
        this.client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(1)).callTimeout(Duration.ofSeconds(5))
                .retryOnConnectionFailure(false).build();
        this.http = new HttpProber(HttpProber.defaultClient(), clock);
        this.endpoint = new MeasureEndpoint(config, () -> Optional.ofNullable(running).map(Running::agent), registry, pop);
    }

    /** @param registry the POP's metrics: what the agent answered, and what reached the GTM servers */
    public static EdgeVantage start(ConfigHolder config, String pop, MeterRegistry registry) {
        EdgeVantage vantage = new EdgeVantage(config, pop, Clock.systemUTC(), registry);
        vantage.apply(config.get());
        config.onChange(vantage::apply);
        return vantage;
    }

    /** The latency agent's endpoint, for the admin listener at {@link MeasureEndpoint#PATH}. */
    public HttpHandler endpoint() {
        return endpoint;
    }

    private synchronized void apply(MeridianConfig config) {
        if (closed) {
            return;
        }
        Running old = running;
        running = build(config);
        if (old != null) {
            old.stop();
        }
    }

    private Running build(MeridianConfig config) {
        if (config.dns() == null || config.dns().probes() == null || config.pop(pop).isEmpty()) {
            return null;
        }
        ProbesConfig probes = config.dns().probes();
        LatencyProbesConfig lc = probes.latency();
        Optional<Emulation> emulation = Optional.ofNullable(probes.emulation()).map(e -> Emulation.fromConfig(e, clock, started));
        LatencyAgent agent = new LatencyAgent(pop,
                MeasurementMethods.fromConfig(lc, emulation.map(e -> e.method(lc.attempts()))), clock, agentPool);
        List<HostPort> gtms = config.dns().gtmAdmins();
        if (gtms.isEmpty() || config.operatorTokens().isEmpty()) {
            log.info("POP {}: latency agent on, no service probes (no GTM admin listener or operator token to report to)", pop);
            return new Running(agent, null, null);
        }
        List<ProbeTarget> targets = others(config, ProbeTargets.fromConfig(config));
        GtmPoster poster = new GtmPoster(gtms, config.operatorTokens().get(0), client, registry, pop);
        ProbeRunner runner = new ProbeRunner(pop, targets, emulation.map(e -> e.prober(http)).orElse(http), poster);
        runner.start(timer);
        ScheduledFuture<?> posting = timer.scheduleWithFixedDelay(poster::flush, POST_EVERY.toMillis(),
                POST_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info("POP {} is a vantage point: probes {} addresses every {}, results to GTM {}{}", pop, targets.size(),
                probes.interval(), gtms, emulation.isPresent() ? " (EMULATED distances and outages)" : "");
        return new Running(agent, runner, posting);
    }

    /** Every target but this POP's own edge: a POP vouching for itself would say nothing about the way to it. */
    private List<ProbeTarget> others(MeridianConfig config, List<ProbeTarget> all) {
        PopConfig self = config.pop(pop).orElseThrow();
        String host = self.edge().http().host();
        String own = IpAddresses.isLiteral(host) ? IpAddresses.parse(host).getHostAddress() : null;
        return all.stream().filter(t -> !t.address().equals(own)).toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (running != null) {
            running.stop();
            running = null;
        }
        timer.shutdownNow();
        agentPool.shutdownNow();
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
    }
}
