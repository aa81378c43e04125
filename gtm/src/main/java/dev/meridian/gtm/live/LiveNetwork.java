package dev.meridian.gtm.live;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.LatencyProbesConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.ProbesConfig;
import dev.meridian.gtm.latency.LatencyAgentClient;
import dev.meridian.gtm.latency.LatencyTable;
import dev.meridian.gtm.latency.MeasurementRequests;
import dev.meridian.gtm.latency.RemoteLatencyAgent;
import dev.meridian.gtm.load.LoadBoard;
import dev.meridian.gtm.map.Contest;
import dev.meridian.gtm.map.GeoFallback;
import dev.meridian.gtm.map.LatencyMap;
import dev.meridian.gtm.map.LatencyTableStore;
import dev.meridian.gtm.policy.LossPenalty;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.probe.HealthBoard;
import dev.meridian.gtm.probe.HealthPolicy;
import dev.meridian.gtm.state.NetworkState;
import dev.meridian.probe.emulation.Emulation;
import dev.meridian.probe.latency.LatencyAgent;
import dev.meridian.probe.latency.MeasurementMethods;
import dev.meridian.probe.latency.MeasurementSink;
import dev.meridian.probe.load.LoadReport;
import dev.meridian.probe.service.HttpProber;
import dev.meridian.probe.service.ProbeRunner;
import dev.meridian.probe.service.ProbeTarget;
import dev.meridian.probe.service.ProbeTargets;
import dev.meridian.probe.service.Prober;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live inputs behind the answers: service probes into a {@link HealthBoard}, edges' load reports
 * into a {@link LoadBoard}, latency agents into a {@link LatencyTable} and its {@link LatencyMap};
 * all of it fed into the {@link NetworkState} the answer policies read. POPs are known to the
 * state by their edge's address.
 *
 * <p>Vantage points: every POP's edge probes the other POPs and the customer servers and posts its
 * results here (and to the peer GTM servers) under its POP id; this GTM probes too, under
 * {@code probes.vantage}, unless {@code probes.gtmVantage} is off. The health board votes by vantage.
 *
 * <p>Latency agents: with {@code probes.latency.agents: edges} (the default) each POP's edge runs its
 * agent and is asked over its admin listener ({@link RemoteLatencyAgent}); the GTM that asked passes
 * the results on to its peers, and every GTM asks for the clients it answered, so no one server is
 * needed for the others to learn. An agent that cannot be reached gives no results: its POP goes
 * unmeasured and the map falls back, DNS answers never wait. With {@code local} the agents run in this
 * process (a GTM without edges). With {@code probes.emulation} agents measure EMULATED distances first.
 * Decisions are a deterministic function of the shared table.
 */
public final class LiveNetwork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveNetwork.class);
    private static final int MAX_TARGETS = 100_000;
    private static final int TRANSITIONS_KEPT = 20;
    private static final int AGENT_THREADS = 4;
    private static final Duration SAVE_EVERY = Duration.ofSeconds(30);
    /** How often what this server tells its peers (its probe results, the answers it persisted) goes out, batched. */
    private static final Duration PEERS_EVERY = Duration.ofMillis(200);

    private final ProbesConfig probes;
    private final NetworkState state;
    private final MeasuringNetworkState measuring;
    private final Clock clock;
    private final Duration staleAfter;
    private final Map<String, InetAddress> popAddresses;
    private final HealthBoard health;
    private final LoadBoard load;
    private final LatencyTable table;
    private final LatencyTableStore store;
    private final LatencyMap map;
    private final MeasurementRequests requests;
    private final ProbeRunner runner;
    private final PeerPublisher peers;
    /** The answers' persistence table, once {@link #sharePersistence} was called. */
    private volatile PersistenceTable persistence;
    private final ScheduledExecutorService scheduler;
    /** Its own thread: a measurement round waits for the agents' answers (bounded by the call timeout). */
    private final ScheduledExecutorService requestTimer;
    private final ThreadPoolExecutor agentPool;
    private final OkHttpClient agentClient;

    private LiveNetwork(MeridianConfig config, NetworkState state, Path stateDir, Clock clock) {
        this.probes = config.dns().probes();
        this.state = state;
        this.clock = clock;
        this.staleAfter = config.dns().staleAfter();
        this.popAddresses = popAddresses(config);
        this.scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.numbered("gtm-probes-"));
        this.requestTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("gtm-latency-requests-"));
        LatencyProbesConfig lc = probes.latency();
        int batch = 256;
        this.agentPool = new ThreadPoolExecutor(AGENT_THREADS, AGENT_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(batch * Math.max(1, popAddresses.size()) * 2), DaemonThreads.numbered("gtm-latency-agent-"),
                new ThreadPoolExecutor.CallerRunsPolicy());

        this.health = new HealthBoard(new HealthPolicy(probes.downAfter(), probes.upAfter(), probes.maxAge(),
                probes.downShare()), clock, TRANSITIONS_KEPT);
        this.load = new LoadBoard(probes.loadMaxAge(), probes.overloadThreshold(), clock);
        this.table = new LatencyTable(lc.timeConstant(), MAX_TARGETS);
        this.store = new LatencyTableStore(stateDir);
        int restored = store.load(table);
        if (restored > 0) {
            log.info("latency table: {} paths restored from {}", restored, store.file());
        }
        LossPenalty scoring = LossPenalty.of(config.dns().lossPenalty());
        this.map = new LatencyMap(table, scoring,
                new LatencyMap.Prefixes(lc.blockPrefixV4(), lc.finestPrefixV4(), lc.blockPrefixV6(), lc.finestPrefixV6()),
                GeoFallback.from(config),
                new Contest(scoring, lc.contestedMargin().toNanos() / 1e6, lc.attempts()));
        String token = config.operatorTokens().isEmpty() ? "" : config.operatorTokens().get(0);
        this.peers = probes.peers().isEmpty() ? null : new PeerPublisher(probes.peers(), token);

        Optional<Emulation> emulation = Optional.ofNullable(probes.emulation()).map(e -> Emulation.fromConfig(e, clock));
        this.agentClient = lc.agentsAtEdges() ? agentClient(lc) : null;
        Map<String, LatencyAgentClient> agents = new LinkedHashMap<>();
        for (PopConfig pop : config.pops()) {
            if (!popAddresses.containsKey(pop.id())) {
                continue;
            }
            agents.put(pop.id(), lc.agentsAtEdges()
                    ? new RemoteLatencyAgent(pop.id(), pop.edge().admin().toString(), token, agentClient)
                    : LatencyAgentClient.local(new LatencyAgent(pop.id(),
                            MeasurementMethods.fromConfig(lc, emulation.map(e -> e.method(lc.attempts()))), clock, agentPool)));
        }
        MeasurementSink shared = peers == null ? table : MeasurementSink.fanOut(List.of(table, peers));
        // Measurements from a POP whose own service is failing describe the POP, not the paths.
        java.util.function.Predicate<String> usable = pop -> health.isSteady(popAddresses.get(pop).getHostAddress());
        this.requests = new MeasurementRequests(agents, usable, MeasurementSink.onlyFrom(usable, shared), table,
                map::isContested, clock, new MeasurementRequests.Settings(lc.freshFor(), lc.contestedFreshFor(), batch,
                10_000, Duration.ofMillis(500)));
        this.measuring = new MeasuringNetworkState(state, requests::request);

        Prober real = new HttpProber(HttpProber.defaultClient(), clock);
        Prober prober = emulation.map(e -> e.prober(real)).orElse(real);
        List<ProbeTarget> targets = ProbeTargets.fromConfig(config);
        targets.forEach(t -> health.register(t.address()));
        this.runner = !probes.gtmVantage() ? null : new ProbeRunner(probes.vantage(), targets, prober, result -> {
            health.accept(result);
            if (peers != null) {
                peers.probe(result);
            }
        });
    }

    /** Timeouts for asking the edges' agents: a batch may take every method's every attempt, plus the way there. */
    private static OkHttpClient agentClient(LatencyProbesConfig lc) {
        long budget = lc.timeout().toMillis() * lc.attempts() * (lc.methods().size() + 1) + 2000;
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(1))
                .callTimeout(Duration.ofMillis(Math.min(budget, 30_000)))
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Starts probing, measuring and feeding {@code state}; answers should read {@link #state()}. */
    public static LiveNetwork start(MeridianConfig config, NetworkState state, Path stateDir, Clock clock) {
        LiveNetwork live = new LiveNetwork(config, state, stateDir, clock);
        live.start();
        return live;
    }

    private void start() {
        StateFeeder feeder = new StateFeeder(state, popAddresses, health, load, table, map, clock);
        if (runner != null) {
            runner.start(scheduler);
        }
        requests.start(requestTimer);
        long tick = Math.max(50, probes.interval().toMillis() / 2);
        scheduler.scheduleWithFixedDelay(guarded(feeder::tickHealth), tick, tick, TimeUnit.MILLISECONDS);
        long refresh = Math.max(1000, staleAfter.toMillis() / 3);
        scheduler.scheduleWithFixedDelay(guarded(feeder::refreshPaths), 0, refresh, TimeUnit.MILLISECONDS);
        if (peers != null) {
            scheduler.scheduleWithFixedDelay(guarded(peers::flush), PEERS_EVERY.toMillis(), PEERS_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        scheduler.scheduleWithFixedDelay(guarded(this::save), SAVE_EVERY.toMillis(), SAVE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("GTM probes on: {} addresses every {} ({}), latency agents for POPs {} {}{}", health.all().size(),
                probes.interval(), probes.gtmVantage() ? "this GTM and the POPs as vantage points" : "the POPs as vantage points",
                popAddresses.keySet(), probes.latency().agentsAtEdges() ? "at their edges" : "in this process",
                isEmulated() ? " (EMULATED distances)" : "");
    }

    /** The state answers should read: it asks for measurements of clients it has no fresh data for. */
    public NetworkState state() {
        return measuring;
    }

    public boolean isEmulated() {
        return probes.emulation() != null;
    }

    HealthBoard health() {
        return health;
    }

    LoadBoard load() {
        return load;
    }

    LatencyMap map() {
        return map;
    }

    LatencyTable table() {
        return table;
    }

    Map<String, InetAddress> popAddresses() {
        return popAddresses;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Shares the answers' persistence table with the peer GTM servers: every answer this server persists
     * goes to them, and theirs are merged in ({@link #mergePersistence}), so all keep the same answers.
     */
    public void sharePersistence(PersistenceTable table) {
        this.persistence = table;
        if (peers != null) {
            table.onDecided(peers::persisted);
            // What the peers decided while this server was away (or before it first started).
            peers.pullPersistence(this::mergePersistence);
        }
    }

    /** One share of this server's persisted answers, for a peer starting up ({@code GET /v1/persistence}). */
    List<PersistenceTable.Decided> persistedPart(int part, int parts) {
        PersistenceTable table = persistence;
        if (table == null) {
            throw new IllegalArgumentException("this GTM keeps no persistence table");
        }
        return table.part(part, parts, clock.instant());
    }

    /**
     * Merges a peer's persisted answers; where ours beat theirs, ours go back to the peers so they converge.
     *
     * @return how many of ours were kept
     */
    int mergePersistence(List<PersistenceTable.Decided> theirs) {
        PersistenceTable table = persistence;
        if (table == null) {
            throw new IllegalArgumentException("this GTM keeps no persistence table");
        }
        Instant now = clock.instant();
        List<PersistenceTable.Decided> kept = theirs.stream().flatMap(d -> table.merge(d, now).stream()).toList();
        if (peers != null) {
            kept.forEach(peers::persisted);
        }
        return kept.size();
    }

    /** Takes an edge's load report; false when the report names no configured POP. */
    boolean acceptLoad(LoadReport report) {
        if (!popAddresses.containsKey(report.pop())) {
            return false;
        }
        load.record(report);
        return true;
    }

    private void save() {
        try {
            store.save(table);
        } catch (IOException e) {
            log.warn("could not save the latency table to {}: {}", store.file(), e.toString());
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("probe housekeeping failed", e);
            }
        };
    }

    private static Map<String, InetAddress> popAddresses(MeridianConfig config) {
        Map<String, InetAddress> out = new LinkedHashMap<>();
        for (PopConfig pop : config.pops()) {
            String host = pop.edge().http().host();
            if (IpAddresses.isLiteral(host)) {
                out.put(pop.id(), IpAddresses.parse(host));
            } else {
                log.warn("POP {} is not probed: its edge address {} is not an IP address", pop.id(), host);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
        requests.close();
        scheduler.shutdownNow();
        requestTimer.shutdownNow();
        agentPool.shutdownNow();
        if (agentClient != null) {
            agentClient.dispatcher().executorService().shutdownNow();
            agentClient.connectionPool().evictAll();
        }
        save();
    }
}
