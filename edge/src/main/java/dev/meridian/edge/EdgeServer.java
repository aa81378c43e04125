package dev.meridian.edge;

import dev.meridian.admin.AdminEndpoints;
import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PopEdgeConfig;
import dev.meridian.edge.cache.CacheTier;
import dev.meridian.edge.cache.MemoryTier;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.image.SpeedAwareOutbound;
import dev.meridian.edge.http2.Http2FloodGuard;
import dev.meridian.edge.load.LoadReporter;
import dev.meridian.edge.load.RequestCounter;
import dev.meridian.edge.cache.disk.DiskTier;
import dev.meridian.edge.accesslog.AccessLog;
import dev.meridian.edge.accesslog.EdgeAccessLogs;
import dev.meridian.edge.observability.EdgeMetrics;
import dev.meridian.edge.origin.OriginClient;
import dev.meridian.edge.pagecheck.PageCheck;
import dev.meridian.edge.pagecheck.PageCheckHandler;
import dev.meridian.edge.proxy.EdgeHandler;
import dev.meridian.edge.purge.CatchUpGate;
import dev.meridian.edge.purge.ConsolePurgeSync;
import dev.meridian.edge.purge.PurgeHandler;
import dev.meridian.edge.purge.PurgeHooks;
import dev.meridian.edge.purge.Purger;
import dev.meridian.edge.route.Router;
import dev.meridian.edge.tls.EdgeTls;
import dev.meridian.edge.tls.HttpsRedirect;
import dev.meridian.edge.usage.EdgeUsage;
import dev.meridian.edge.vantage.EdgeVantage;
import dev.meridian.edge.vantage.MeasureEndpoint;
import dev.meridian.uplink.control.ConfigEndpoints;
import dev.meridian.uplink.control.NodeControl;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * One POP's edge: the caching reverse proxy on the POP's HTTP address (and HTTPS, with HTTP/2 by ALPN,
 * when the POP has one) and the admin listener
 * ({@code /metrics}, {@code /healthz}, {@code /purge}, and the latency agent's
 * {@value MeasureEndpoint#PATH}) on its admin address. With {@code dns.probes} in the config the POP
 * is also a vantage point of the GTM ({@link EdgeVantage}). Follows config reloads.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);
    /** Worker threads mostly wait on origins, so there are more of them than cores. */
    static final int WORKER_THREADS = 64;
    /** Blocking tasks waiting for a worker; beyond this the edge answers 503 rather than queueing without bound. */
    static final int WORKER_QUEUE = 4096;
    static final int ORIGIN_IDLE_CONNECTIONS = 128;
    /** Request headers a client may send, on either protocol: the same bound as HTTP/1.1's header block. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Streams one HTTP/2 connection may have open at once (nginx: 128; RFC 9113 asks for at least 100). */
    static final int HTTP2_MAX_STREAMS = 100;
    /** What a client may send on a stream (and a connection) before the edge reads it: the RFC's default window. */
    static final int HTTP2_RECEIVE_WINDOW = 65_535;
    /** Streams a client may reset within {@link #HTTP2_RST_WINDOW_MS} before the edge closes the connection (rapid reset). */
    static final int HTTP2_MAX_RESETS = 200;
    static final int HTTP2_RST_WINDOW_MS = 30_000;

    private final String popId;
    private final Undertow http;
    /** Null when the POP has no HTTPS listener. */
    private final Undertow https;
    private final Undertow admin;
    private final ThreadPoolExecutor workers;
    private final OriginClient origin;
    private final TieredCache cache;
    private final PrometheusMeterRegistry registry;
    private final SpeedAwareOutbound speedAware;
    private final PurgeHooks purgeHooks;
    private final EdgeVantage vantage;
    /** Usage counted for the console; {@link EdgeUsage#OFF} without a console section naming this POP. */
    private final EdgeUsage usage;
    /** Customers' access log files; null when the POP writes none. */
    private final EdgeAccessLogs accessLogs;
    /** Catches up on the console's purges; null without a console. */
    private final ConsolePurgeSync purgeSync;
    /** Reports load to the GTM; null when the config names no GTM admin listener. */
    private volatile LoadReporter loadReporter;
    /** The console's control of this POP; null without a console. */
    private final NodeControl control;
    private final PageCheckHandler pageCheck;

    private EdgeServer(String popId, Undertow http, Undertow https, Undertow admin, ThreadPoolExecutor workers,
                       OriginClient origin, TieredCache cache, PrometheusMeterRegistry registry,
                       SpeedAwareOutbound speedAware, PurgeHooks purgeHooks, EdgeVantage vantage, NodeControl control,
                       PageCheckHandler pageCheck, EdgeUsage usage,
                       EdgeAccessLogs accessLogs, ConsolePurgeSync purgeSync) {
        this.popId = popId;
        this.http = http;
        this.https = https;
        this.admin = admin;
        this.workers = workers;
        this.origin = origin;
        this.cache = cache;
        this.registry = registry;
        this.speedAware = speedAware;
        this.purgeHooks = purgeHooks;
        this.vantage = vantage;
        this.control = control;
        this.pageCheck = pageCheck;
        this.usage = usage;
        this.accessLogs = accessLogs;
        this.purgeSync = purgeSync;
    }

    /**
     * Why this POP cannot switch to {@code candidate} without a restart: its listeners are bound, so a
     * config that moves them is refused in a push rather than half applied.
     */
    static Optional<String> listenersMoved(MeridianConfig candidate, MeridianConfig running, String popId) {
        Optional<PopConfig> next = candidate.pop(popId);
        if (next.isEmpty()) {
            return Optional.of("POP " + popId + " is not in it");
        }
        PopEdgeConfig now = running.pop(popId).orElseThrow().edge();
        PopEdgeConfig then = next.get().edge();
        if (!now.http().equals(then.http()) || !now.admin().equals(then.admin())
                || !Objects.equals(now.https(), then.https())) {
            return Optional.of("POP " + popId + "'s listen addresses change (" + now.http() + ", " + now.admin()
                    + " to " + then.http() + ", " + then.admin() + "): that needs a restart of the POP");
        }
        return Optional.empty();
    }

    /**
     * Starts the edge of POP {@code popId} from the running config; port 0 in the POP's addresses
     * binds an ephemeral port (see {@link #httpAddress()}).
     *
     * @throws IllegalArgumentException when the config has no such POP
     */
    public static EdgeServer start(ConfigHolder config, String popId) {
        // First: a POP that restarts runs the version the console last committed, not its older file.
        Optional<NodeControl> control = NodeControl.prepare(config, popId, ConsoleNodeConfig.NodeRole.EDGE,
                candidate -> listenersMoved(candidate, config.get(), popId));
        PopConfig pop = config.get().pop(popId)
                .orElseThrow(() -> new IllegalArgumentException("no POP '" + popId + "' in the config"));
        AtomicReference<Router> router = new AtomicReference<>(new Router(config.get()));
        config.onChange(c -> router.set(new Router(c)));

        String via = "1.1 meridian-" + popId;
        MemoryTier memory = new MemoryTier(pop.cache().memory().bytes());
        Optional<DiskTier> disk = DiskTier.open(pop);
        // A disk hit bigger than 1/64 of memory is served from disk rather than pushing out many small objects.
        TieredCache cache = new TieredCache(memory, disk.<List<CacheTier>>map(List::of).orElse(List.of()),
                pop.cache().memory().bytes() / 64);
        PrometheusMeterRegistry registry = AdminEndpoints.newRegistry();
        EdgeMetrics metrics = new EdgeMetrics(registry, popId, memory);
        disk.ifPresent(d -> d.bindMetrics(registry, popId));
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), DaemonThreads.numbered("edge-" + popId + "-worker-"));
        workers.allowCoreThreadTimeOut(true);
        OriginClient origin = new OriginClient(ORIGIN_IDLE_CONNECTIONS);
        origin.probeOrigins(config);
        origin.bindMetrics(registry, popId);
        long maxObject = Math.min(pop.cache().maxObjectSize().bytes(), Integer.MAX_VALUE - 1024);
        SpeedAwareOutbound speedAware = SpeedAwareOutbound.start(config, cache, workers);
        speedAware.bindMetrics(registry, popId);
        AtomicInteger httpsPort = new AtomicInteger();
        EdgeUsage usage = EdgeUsage.start(config, popId, registry, speedAware.renditions());
        if (usage.enabled()) {
            origin.onBodyBytes(usage::fromOrigin);
        }
        EdgeAccessLogs accessLogs = EdgeAccessLogs.start(config, popId, registry).orElse(null);
        EdgeHandler handler = new EdgeHandler(router::get, cache, origin, workers, metrics, new AccessLog(popId, accessLogs),
                maxObject, via, speedAware, speedAware, new HttpsRedirect(httpsPort::get), usage);

        PurgeHooks purgeHooks = new PurgeHooks();
        purgeHooks.register(speedAware.renditions());
        Purger purger = new Purger(cache, purgeHooks);
        // With a console, the POP serves only once it has caught up on the purges it missed (ConsolePurgeSync).
        Optional<ConsolePurgeSync> purgeSync = ConsolePurgeSync.start(config, popId, purger, DiskTier.directory(pop),
                () -> disk.map(DiskTier::available).orElse(true), disk.map(d -> d.entryCount() > 0).orElse(false));
        BooleanSupplier serving = () -> purgeSync.map(ConsolePurgeSync::open).orElse(true);

        RequestCounter requests = new RequestCounter(new CatchUpGate(handler, serving));
        Gauge.builder("meridian.edge.requests.in.flight", requests, RequestCounter::inFlight)
                .description("Client requests being served").tag("pop", popId).register(registry);
        Undertow http = clientListener(requests)
                .addHttpListener(pop.edge().http().port(), pop.edge().http().host())
                .build();
        Undertow https = pop.edge().https() == null ? null : https(config, pop, requests);
        EdgeVantage vantage = EdgeVantage.start(config, popId, registry);
        PathHandler adminPaths = new PathHandler()
                .addExactPath("/metrics", AdminEndpoints.metrics(registry))
                .addExactPath("/healthz", AdminEndpoints.health(() -> !workers.isShutdown() && serving.getAsBoolean()))
                .addExactPath("/purge", new PurgeHandler(config, purger, popId, purgeSync.map(ConsolePurgeSync::sequencer)))
                .addExactPath(MeasureEndpoint.PATH, vantage.endpoint());
        control.ifPresent(c -> adminPaths.addPrefixPath(ConfigEndpoints.PREFIX, c.endpoints()));
        AtomicReference<EdgeServer> self = new AtomicReference<>();
        PageCheckHandler pageCheck = new PageCheckHandler(popId, config, new PageCheck(popId, config::get,
                () -> self.get().httpAddress(), () -> https == null ? null : self.get().httpsAddress()));
        adminPaths.addExactPath(PageCheckHandler.PATH, pageCheck);
        Undertow admin = Undertow.builder()
                .addHttpListener(pop.edge().admin().port(), pop.edge().admin().host())
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setHandler(adminPaths)
                .build();
        EdgeServer server = new EdgeServer(popId, http, https, admin, workers, origin, cache, registry, speedAware,
                purgeHooks, vantage, control.orElse(null), pageCheck, usage, accessLogs,
                purgeSync.orElse(null));
        self.set(server);
        try {
            // The admin listener first, so the console can reach the POP once it has registered, and the
            // POP catches up on a committed config version before it serves a client.
            admin.start();
            control.ifPresent(c -> c.connect("http://" + hostPort(server.adminAddress()), () -> !workers.isShutdown()));
            http.start();
            if (https != null) {
                https.start();
                Http2FloodGuard.install(https, requests);
                int configured = pop.edge().https().port();
                httpsPort.set(configured != 0 ? configured : server.httpsAddress().getPort());
            }
            server.loadReporter = LoadReporter.fromConfig(config.get(), popId, requests, registry)
                    .map(r -> r.start(LoadReporter.DEFAULT_INTERVAL)).orElse(null);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("edge {} serving on http://{}{} (admin http://{})", popId, hostPort(server.httpAddress()),
                https == null ? "" : " and https://" + hostPort(server.httpsAddress()), hostPort(server.adminAddress()));
        return server;
    }

    /** What the plain and the TLS client listeners share: limits, threads and the handler. */
    private static Undertow.Builder clientListener(HttpHandler requests) {
        return Undertow.builder()
                .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                // Undertow's own worker pool is unused: blocking work goes to the edge's bounded pool.
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 1L << 30)
                .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setHandler(requests);
    }

    /**
     * The HTTPS listener: TLS 1.2 and 1.3, certificates by SNI, HTTP/2 by ALPN with bounded streams,
     * header list and windows. A server of its own, so HTTP/2 is never offered on the plain listener
     * (no h2c upgrade), which Undertow would do for every listener of a server with HTTP/2 enabled.
     */
    private static Undertow https(ConfigHolder config, PopConfig pop, HttpHandler requests) {
        EdgeTls tls = EdgeTls.start(config, pop.id());
        return clientListener(requests)
                .addHttpsListener(pop.edge().https().port(), pop.edge().https().host(), tls.context())
                .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(EdgeTls.PROTOCOLS))
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_ENABLE_PUSH, false)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, HTTP2_MAX_STREAMS)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_INITIAL_WINDOW_SIZE, HTTP2_RECEIVE_WINDOW)
                .setServerOption(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, HTTP2_MAX_RESETS)
                .setServerOption(UndertowOptions.RST_FRAMES_TIME_WINDOW, HTTP2_RST_WINDOW_MS)
                .build();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) http.getListenerInfo().get(0).getAddress();
    }

    /** Where the HTTPS listener is bound. @throws IllegalStateException when the POP has none */
    public InetSocketAddress httpsAddress() {
        if (https == null) {
            throw new IllegalStateException("POP " + popId + " has no https listener");
        }
        return (InetSocketAddress) https.getListenerInfo().get(0).getAddress();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) admin.getListenerInfo().get(0).getAddress();
    }

    public String popId() {
        return popId;
    }

    /** The POP's cache, for the admin API (purge) and tests. */
    /** Where content derived from cached objects (renditions) registers to be purged with its source. */
    public PurgeHooks purgeHooks() {
        return purgeHooks;
    }

    public TieredCache cache() {
        return cache;
    }

    /** Speed-aware delivery: measurement, renditions and their store. */
    public SpeedAwareOutbound speedAware() {
        return speedAware;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        if (loadReporter != null) {
            loadReporter.close();
        }
        vantage.close();
        if (purgeSync != null) {
            purgeSync.close();
        }
        safely(http::stop);
        if (https != null) {
            safely(https::stop);
        }
        safely(admin::stop);
        pageCheck.close();
        // After the listeners: the last requests are in the minute it puts into the spool.
        safely(usage::close);
        if (accessLogs != null) {
            // After the listeners: the last requests' lines are in the files it completes.
            safely(accessLogs::close);
        }
        workers.shutdownNow();
        speedAware.close();
        origin.close();
        cache.tiers().forEach(t -> safely(t::close));
        registry.close();
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("while stopping the edge", e);
        }
    }
}
