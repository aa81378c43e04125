package dev.meridian.gtm.live;

import dev.meridian.core.config.EmulatedLinkConfig;
import dev.meridian.core.config.EmulationConfig;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.LatencyProbesConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.ProbeServerConfig;
import dev.meridian.core.config.ProbesConfig;
import dev.meridian.probe.emulation.EmulatedMethod;
import dev.meridian.probe.emulation.EmulatedNetwork;
import dev.meridian.probe.emulation.EmulatedProbeLoss;
import dev.meridian.probe.latency.DnsRoundTripMethod;
import dev.meridian.probe.latency.IcmpEchoMethod;
import dev.meridian.probe.latency.LatencyAgent;
import dev.meridian.gtm.latency.LatencyAgentClient;
import dev.meridian.gtm.latency.LatencyTable;
import dev.meridian.probe.latency.MeasurementMethod;
import dev.meridian.gtm.latency.MeasurementRequests;
import dev.meridian.probe.latency.MeasurementSink;
import dev.meridian.probe.latency.TcpConnectMethod;
import dev.meridian.gtm.load.LoadBoard;
import dev.meridian.gtm.load.LoadReport;
import dev.meridian.gtm.map.GeoFallback;
import dev.meridian.gtm.map.LatencyMap;
import dev.meridian.gtm.map.LatencyTableStore;
import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.policy.LossPenalty;
import dev.meridian.gtm.probe.HealthBoard;
import dev.meridian.gtm.probe.HealthPolicy;
import dev.meridian.probe.service.HttpProber;
import dev.meridian.probe.service.ProbeRunner;
import dev.meridian.probe.service.ProbeTarget;
import dev.meridian.probe.service.Prober;
import dev.meridian.gtm.state.NetworkState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live inputs behind the answers: service probes into a {@link HealthBoard}, edges' load reports
 * into a {@link LoadBoard}, latency agents into a {@link LatencyTable} and its {@link LatencyMap};
 * all of it fed into the {@link NetworkState} the answer policies read. POPs are known to the
 * state by their edge's address.
 *
 * <p>The latency agents run in this process, one per POP; with {@code probes.emulation} they
 * measure EMULATED distances first. Results are shared with the peer GTM servers so every server
 * decides from the same table, and the decisions are a deterministic function of it.
 */
public final class LiveNetwork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveNetwork.class);
    private static final int MAX_TARGETS = 100_000;
    private static final int TRANSITIONS_KEPT = 20;
    private static final int AGENT_THREADS = 4;
    private static final Duration SAVE_EVERY = Duration.ofSeconds(30);

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
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor agentPool;

    private LiveNetwork(MeridianConfig config, NetworkState state, Path stateDir, Clock clock) {
        this.probes = config.dns().probes();
        this.state = state;
        this.clock = clock;
        this.staleAfter = config.dns().staleAfter();
        this.popAddresses = popAddresses(config);
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("gtm-probes-"));
        LatencyProbesConfig lc = probes.latency();
        int batch = 256;
        this.agentPool = new ThreadPoolExecutor(AGENT_THREADS, AGENT_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(batch * Math.max(1, popAddresses.size()) * 2), daemon("gtm-latency-agent-"),
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
        this.map = new LatencyMap(table, LossPenalty.DEFAULT,
                new LatencyMap.Prefixes(lc.blockPrefixV4(), lc.finestPrefixV4(), lc.blockPrefixV6(), lc.finestPrefixV6()),
                new GeoFallback(popLocations(config), List.of(), List.of()));
        String token = config.operatorTokens().isEmpty() ? "" : config.operatorTokens().get(0);
        this.peers = probes.peers().isEmpty() ? null : new PeerPublisher(probes.peers(), token);

        SplittableRandom random = new SplittableRandom(probes.emulation() == null ? 1 : probes.emulation().seed());
        EmulatedNetwork emulated = probes.emulation() == null ? null : emulatedNetwork(probes.emulation(), clock);
        Map<String, LatencyAgentClient> agents = new LinkedHashMap<>();
        for (String pop : popAddresses.keySet()) {
            agents.put(pop, LatencyAgentClient.local(new LatencyAgent(pop, methods(lc, emulated, random.split()), clock,
                    agentPool)));
        }
        MeasurementSink shared = peers == null ? table : MeasurementSink.fanOut(List.of(table, peers));
        // Measurements from a POP whose own service is failing describe the POP, not the paths.
        java.util.function.Predicate<String> usable = pop -> health.isSteady(popAddresses.get(pop).getHostAddress());
        this.requests = new MeasurementRequests(agents, usable, MeasurementSink.onlyFrom(usable, shared), table, clock,
                new MeasurementRequests.Settings(lc.freshFor(), batch, 10_000, Duration.ofMillis(500)));
        this.measuring = new MeasuringNetworkState(state, requests::request);

        Prober prober = new HttpProber(HttpProber.defaultClient(), clock);
        if (probes.emulation() != null && probes.emulation().probeLoss() > 0) {
            prober = new EmulatedProbeLoss(prober, probes.emulation().probeLoss(), random.split(), clock);
        }
        List<ProbeTarget> targets = probeTargets(config);
        targets.forEach(t -> health.register(t.address()));
        this.runner = new ProbeRunner(probes.vantage(), targets, prober, result -> {
            health.accept(result);
            if (peers != null) {
                peers.probe(result);
            }
        });
    }

    /** Starts probing, measuring and feeding {@code state}; answers should read {@link #state()}. */
    public static LiveNetwork start(MeridianConfig config, NetworkState state, Path stateDir, Clock clock) {
        LiveNetwork live = new LiveNetwork(config, state, stateDir, clock);
        live.start();
        return live;
    }

    private void start() {
        StateFeeder feeder = new StateFeeder(state, popAddresses, health, load, table, map, clock);
        runner.start(scheduler);
        requests.start(scheduler);
        long tick = Math.max(50, probes.interval().toMillis() / 2);
        scheduler.scheduleWithFixedDelay(guarded(feeder::tickHealth), tick, tick, TimeUnit.MILLISECONDS);
        long refresh = Math.max(1000, staleAfter.toMillis() / 3);
        scheduler.scheduleWithFixedDelay(guarded(feeder::refreshPaths), 0, refresh, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded(this::save), SAVE_EVERY.toMillis(), SAVE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("GTM probes on: {} addresses every {}, latency agents for POPs {}{}", health.all().size(),
                probes.interval(), popAddresses.keySet(), isEmulated() ? " (EMULATED distances)" : "");
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

    private static Map<String, GeoFallback.Location> popLocations(MeridianConfig config) {
        Map<String, GeoFallback.Location> out = new LinkedHashMap<>();
        for (PopConfig pop : config.pops()) {
            if (pop.location() != null && pop.location().lat() != null && pop.location().lon() != null) {
                out.put(pop.id(), new GeoFallback.Location(pop.location().lat(), pop.location().lon()));
            }
        }
        return out;
    }

    private List<ProbeTarget> probeTargets(MeridianConfig config) {
        List<ProbeTarget> targets = new ArrayList<>();
        for (PopConfig pop : config.pops()) {
            InetAddress address = popAddresses.get(pop.id());
            if (address != null) {
                String url = probes.edgeUrl().replace("{http}", pop.edge().http().toString())
                        .replace("{admin}", pop.edge().admin().toString());
                targets.add(new ProbeTarget(address.getHostAddress(), URI.create(url), probes.expect(), probes.timeout(),
                        probes.interval()));
            }
        }
        for (ProbeServerConfig s : probes.servers()) {
            targets.add(new ProbeTarget(IpAddresses.parse(s.address()).getHostAddress(), URI.create(s.url()),
                    s.expect() == null ? probes.expect() : s.expect(), probes.timeout(), probes.interval()));
        }
        return targets;
    }

    private static List<MeasurementMethod> methods(LatencyProbesConfig lc, EmulatedNetwork emulated,
                                                   SplittableRandom random) {
        List<MeasurementMethod> methods = new ArrayList<>();
        if (emulated != null) {
            methods.add(new EmulatedMethod(emulated, lc.attempts(), 0.05, random));
        }
        for (String m : lc.methods()) {
            methods.add(switch (m) {
                case "dns" -> new DnsRoundTripMethod(lc.dnsPort(), lc.timeout(), lc.attempts());
                case "tcp" -> new TcpConnectMethod(lc.tcpPort(), lc.timeout(), lc.attempts());
                case "icmp" -> new IcmpEchoMethod(lc.timeout(), lc.attempts());
                default -> throw new IllegalArgumentException("unknown latency method " + m);
            });
        }
        return methods;
    }

    static EmulatedNetwork emulatedNetwork(EmulationConfig e, Clock clock) {
        List<EmulatedNetwork.Link> links = new ArrayList<>();
        List<EmulatedNetwork.Change> changes = new ArrayList<>();
        for (EmulatedLinkConfig l : e.links()) {
            EmulatedNetwork.Link link = new EmulatedNetwork.Link(l.pop(), Cidr.parse(l.block()), l.rtt().toNanos() / 1e6,
                    l.loss());
            if (l.after() == null) {
                links.add(link);
            } else {
                changes.add(new EmulatedNetwork.Change(l.after(), link));
            }
        }
        List<EmulatedNetwork.Outage> outages = e.outages().stream()
                .map(o -> new EmulatedNetwork.Outage(o.pop(), o.from(), o.until())).toList();
        return new EmulatedNetwork(links, changes, outages, clock.instant(), clock);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        runner.close();
        requests.close();
        scheduler.shutdownNow();
        agentPool.shutdownNow();
        save();
    }
}
