package dev.meridian.gtm;

import dev.meridian.admin.AdminEndpoints;
import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.AnswerAddresses;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.DnsConfig;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.gtm.admin.GtmAdminServer;
import dev.meridian.gtm.admin.OperatorApi;
import dev.meridian.gtm.dns.QueryHandler;
import dev.meridian.gtm.dns.TcpServer;
import dev.meridian.gtm.dns.UdpServer;
import dev.meridian.gtm.live.LiveApi;
import dev.meridian.gtm.live.LiveNetwork;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.state.InMemoryNetworkState;
import dev.meridian.gtm.state.NetworkState;
import dev.meridian.uplink.control.ConfigEndpoints;
import dev.meridian.uplink.control.NodeControl;
import dev.meridian.gtm.usage.GtmUsage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running GTM: authoritative DNS over UDP and TCP on {@code dns.listen}, the admin listener on
 * {@code dns.admin}, and the persistence table saved under {@code dns.stateDir}. Follows config reloads
 * (except listen addresses, which need a restart).
 */
public final class GtmServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GtmServer.class);
    private static final int MAX_PERSISTENCE_ENTRIES = 200_000;
    private static final int MAX_PATH_ENTRIES = 200_000;
    private static final long SAVE_EVERY_SECONDS = 5;
    /** The GTM's id in {@code console.nodes} unless started with another ({@code meridian gtm --node}). */
    public static final String DEFAULT_NODE_ID = "gtm";

    private final ConfigHolder config;
    private final Clock clock = Clock.systemUTC();
    private final PrometheusMeterRegistry registry = AdminEndpoints.newRegistry();
    private final NetworkState state;
    /** Live probes feeding the state; null when {@code dns.probes} is not configured. */
    private final LiveNetwork live;
    private final PersistenceTable persistence;
    private final QueryHandler handler;
    private final DecisionRecorder recorder;
    /** Decisions counted for the console; {@link GtmUsage#OFF} unless console.nodes names this GTM. */
    private final GtmUsage usage;
    private final ScheduledExecutorService housekeeping;
    private final List<AutoCloseable> listeners = new ArrayList<>();
    private UdpServer udp;
    private TcpServer tcp;
    private GtmAdminServer admin;
    /** The console's control of this GTM; null without a console. */
    private final NodeControl control;

    private GtmServer(ConfigHolder config, String nodeId, NodeControl control) throws IOException {
        this.config = config;
        this.control = control;
        DnsConfig dns = dns(config.get());
        InMemoryNetworkState configured = new InMemoryNetworkState(() -> dns(config.get()).staleAfter(), MAX_PATH_ENTRIES);
        this.live = dns.probes() == null ? null : LiveNetwork.start(config.get(), configured, dns.stateDir(), clock);
        this.state = live == null ? configured : live.state();
        this.persistence = PersistenceTable.open(dns.stateDir().resolve("persistence.tsv"), MAX_PERSISTENCE_ENTRIES,
                clock.instant());
        if (live != null) {
            live.sharePersistence(persistence);
        }
        this.usage = GtmUsage.start(config, nodeId, registry);
        this.recorder = new DecisionRecorder(registry, logPolicy(dns), usage.counters());
        this.handler = new QueryHandler(config.get(), state, persistence, recorder, registry, clock);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gtm-housekeeping"));
    }

    /** Starts every listener as node {@value #DEFAULT_NODE_ID}; on failure nothing is left running. */
    public static GtmServer start(ConfigHolder config) throws IOException {
        return start(config, DEFAULT_NODE_ID);
    }

    /**
     * Starts every listener as node {@code nodeId} (its name in {@code console.nodes}, where several GTM
     * servers report to one console); on failure nothing is left running.
     */
    public static GtmServer start(ConfigHolder config, String nodeId) throws IOException {
        // First: a GTM that restarts answers from the version the console last committed, not its older file.
        NodeControl control = NodeControl.prepare(config, nodeId, ConsoleNodeConfig.NodeRole.GTM,
                candidate -> listenersMoved(candidate, config.get())).orElse(null);
        GtmServer server = new GtmServer(config, nodeId, control);
        try {
            server.listen();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void listen() throws IOException {
        DnsConfig dns = dns(config.get());
        bindDns(dns);
        if (dns.admin() != null) {
            OperatorApi api = new OperatorApi(state, () -> config.get().operatorTokens(), () -> configuredAddresses(config.get()), clock);
            admin = GtmAdminServer.start(dns.admin().toSocketAddress(), registry, this::isHealthy, api, routes -> {
                if (live != null) {
                    new LiveApi(live, api::authorized).addRoutes(routes);
                }
                if (control != null) {
                    routes.add(Methods.POST, ConfigEndpoints.PREFIX + "/{action}", control.endpoints())
                            .add(Methods.GET, ConfigEndpoints.PREFIX + "/version", control.endpoints());
                }
            });
            listeners.add(admin);
            if (control != null) {
                control.connect("http://" + admin.address().getHostString() + ":" + admin.address().getPort(),
                        this::isHealthy);
                listeners.add(control);
            }
        } else if (control != null) {
            log.warn("the GTM has no dns.admin listener: the console cannot push config versions to it");
        }
        config.onChange(c -> {
            handler.reconfigure(c);
            recorder.logPolicy(logPolicy(dns(c)));
            log.info("GTM now answers from the reloaded config");
        });
        housekeeping.scheduleWithFixedDelay(this::savePersistence, SAVE_EVERY_SECONDS, SAVE_EVERY_SECONDS, TimeUnit.SECONDS);
        log.info("GTM authoritative for {} on udp {} tcp {}{}", dns.allZones(), udp.address(), tcp.address(),
                admin == null ? "" : ", admin http://" + admin.address().getHostString() + ":" + admin.address().getPort());
    }

    /** UDP and TCP on the same port; with port 0, the port the kernel picks for UDP (retried if TCP has it taken). */
    private void bindDns(DnsConfig dns) throws IOException {
        InetSocketAddress listen = dns.listen().toSocketAddress();
        for (int attempt = 0; ; attempt++) {
            udp = UdpServer.start(listen, dns.udpThreads(), handler);
            try {
                tcp = TcpServer.start(new InetSocketAddress(listen.getAddress(), udp.address().getPort()),
                        dns.tcpMaxConnections(), dns.tcpIdleTimeout(), handler);
                listeners.add(udp);
                listeners.add(tcp);
                return;
            } catch (IOException e) {
                udp.close();
                if (listen.getPort() != 0 || attempt >= 5 || !(e.getCause() instanceof BindException)) {
                    throw e;
                }
            }
        }
    }

    public InetSocketAddress udpAddress() {
        return udp.address();
    }

    public InetSocketAddress tcpAddress() {
        return tcp.address();
    }

    /** The admin listener, or null when {@code dns.admin} is not configured. */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.address();
    }

    /** The state every answer reads; probes feed it. */
    public NetworkState networkState() {
        return state;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** TCP connections being served right now. */
    public int tcpConnections() {
        return tcp.openConnections();
    }

    public boolean isHealthy() {
        return udp != null && udp.isHealthy() && tcp != null && tcp.isHealthy();
    }

    private void savePersistence() {
        try {
            persistence.saveIfChanged(clock.instant());
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not save the persistence table under {}: {}", dns(config.get()).stateDir(), e.getMessage());
        } catch (RuntimeException e) {
            // A throw out of a scheduleWithFixedDelay task cancels every later run: persistence would stop for good.
            log.error("saving the persistence table failed; trying again in {} s", SAVE_EVERY_SECONDS, e);
        }
    }

    /** Every address some hostname may be answered with, and which hostnames. */
    static Map<String, List<String>> configuredAddresses(MeridianConfig config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var customer : config.customers()) {
            for (PropertyConfig p : customer.properties()) {
                AnswerAddresses.of(config, p).forEach(t -> out.computeIfAbsent(IpAddresses.parse(t.address()).getHostAddress(),
                        k -> new ArrayList<>()).add(p.host()));
            }
        }
        config.pops().stream().map(PopConfig::edge).map(e -> e.http().host()).filter(IpAddresses::isLiteral)
                .map(a -> IpAddresses.parse(a).getHostAddress()).forEach(a -> out.computeIfAbsent(a, k -> new ArrayList<>()));
        return out;
    }

    private static DecisionRecorder.LogPolicy logPolicy(DnsConfig dns) {
        return new DecisionRecorder.LogPolicy(dns.decisionLog(), dns.decisionLogSample());
    }

    /** A GTM's sockets are bound: a config moving them needs a restart, so a push of it is refused. */
    static Optional<String> listenersMoved(MeridianConfig candidate, MeridianConfig running) {
        if (candidate.dns() == null) {
            return Optional.of("it has no dns section");
        }
        DnsConfig now = running.dns();
        if (!candidate.dns().listen().equals(now.listen()) || !Objects.equals(candidate.dns().admin(), now.admin())) {
            return Optional.of("the GTM's listen addresses change (" + now.listen() + ", " + now.admin() + " to "
                    + candidate.dns().listen() + ", " + candidate.dns().admin() + "): that needs a restart");
        }
        return Optional.empty();
    }

    private static DnsConfig dns(MeridianConfig config) {
        if (config.dns() == null) {
            throw new IllegalArgumentException("the config has no dns section: the GTM needs dns.zone and dns.listen");
        }
        return config.dns();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        if (live != null) {
            live.close();
        }
        for (AutoCloseable l : listeners) {
            try {
                l.close();
            } catch (Exception e) {
                log.warn("closing {} failed", l, e);
            }
        }
        // After the listeners: the last answers are in the minute it puts into the spool.
        usage.close();
        savePersistence();
    }
}
