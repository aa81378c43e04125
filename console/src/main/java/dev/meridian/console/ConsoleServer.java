package dev.meridian.console;

import dev.meridian.admin.AdminEndpoints;
import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.PortalSecurity;
import dev.meridian.console.db.Database;
import dev.meridian.console.ingest.UsageIngestHandler;
import dev.meridian.console.logs.ConsoleLogs;
import dev.meridian.console.logs.LogArchive;
import dev.meridian.console.node.NodeApi;
import dev.meridian.console.node.NodeRegistry;
import dev.meridian.console.operator.ChooseCustomer;
import dev.meridian.console.operator.CustomersPage;
import dev.meridian.console.operator.NodesPage;
import dev.meridian.console.pagecheck.PageCheckApi;
import dev.meridian.console.pagecheck.PageCheckPage;
import dev.meridian.console.pagecheck.PageChecks;
import dev.meridian.console.portal.PortalPages;
import dev.meridian.console.purge.PurgeControl;
import dev.meridian.console.push.CommittedConfig;
import dev.meridian.console.push.ConfigApi;
import dev.meridian.console.push.ConfigPages;
import dev.meridian.console.push.ConfigPush;
import dev.meridian.console.push.ConfigVersions;
import dev.meridian.console.start.GtmHealth;
import dev.meridian.console.start.StartPage;
import dev.meridian.console.usage.BatchValidator;
import dev.meridian.console.usage.Retention;
import dev.meridian.console.usage.UsageStore;
import dev.meridian.console.web.StaticFiles;
import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.PortalConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console: the portal, the nodes' API and the operator API over one HTTP listener, stateless over
 * its database (several consoles may share one PostgreSQL). Everything that touches the database runs
 * on Undertow's worker threads, sized to the connection pool, never on an I/O thread.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

    private final Undertow undertow;
    private final ConfigHolder config;
    private final Database database;
    private final List<AutoCloseable> parts;
    private final LogArchive logArchive;

    private ConsoleServer(Undertow undertow, ConfigHolder config, Database database, List<AutoCloseable> parts,
                          LogArchive logArchive) {
        this.undertow = undertow;
        this.config = config;
        this.database = database;
        this.parts = parts;
        this.logArchive = logArchive;
    }

    /** Opens (and migrates) the database, then serves on the configured listen address. */
    public static ConsoleServer start(ConfigHolder holder) {
        ConsoleConfig console = holder.get().consoleConfig()
                .orElseThrow(() -> new IllegalArgumentException("the config has no console section"));
        return start(holder, console.listen());
    }

    /** As above, on another address (port 0 in tests). */
    public static ConsoleServer start(ConfigHolder holder, HostPort listen) {
        ConsoleConfig console = holder.get().consoleConfig()
                .orElseThrow(() -> new IllegalArgumentException("the config has no console section"));
        Database database = Database.open(console);
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            PrometheusMeterRegistry registry = AdminEndpoints.newRegistry();
            RoutingHandler routes = Handlers.routing()
                    .get("/metrics", AdminEndpoints.metrics(registry))
                    .get("/healthz", AdminEndpoints.health(() -> true))
                    .setFallbackHandler(exchange -> exchange.setStatusCode(404).getResponseSender().send("not found\n"));

            // Usage from the nodes, and the retention that deletes it when it is old.
            Clock clock = Clock.systemUTC();
            routes.post("/v1/ingest/usage", new UsageIngestHandler(holder, new UsageStore(database, clock),
                    new BatchValidator(clock), registry));
            parts.add(new Retention(database, holder, clock, Retention.DEFAULT_ROWS_PER_STATEMENT).start());

            // Portal: logins and sessions (every page goes through security.page), the start page, operator views.
            PortalSecurity security = PortalSecurity.start(database.dataSource(), () -> portalConfig(holder), clock,
                    new PasswordHasher());
            parts.add(security);
            GtmHealth gtmHealth = new GtmHealth(holder::get, clock);
            parts.add(gtmHealth);
            security.addRoutes(routes);
            routes.get("/static/console.css", StaticFiles.resource("console.css", "text/css; charset=utf-8"))
                    .get("/", security.page(new StartPage(holder, gtmHealth)))
                    .get("/operator/customers", security.operatorPage(new CustomersPage(holder, security.users())))
                    .post("/operator/customers", security.operatorPage(new ChooseCustomer(holder, security.sessions())))
                    .get("/operator/nodes", security.operatorPage(new NodesPage(holder, database.dataSource(), clock)));

            // Nodes and config versions: registration, the two-phase push, the committed version.
            NodeRegistry nodes = new NodeRegistry(database);
            new NodeApi(holder, nodes, clock).addTo(routes);
            ConfigVersions versions = new ConfigVersions(database);
            ConfigLoader loader = new ConfigLoader();
            CommittedConfig committed = new CommittedConfig(holder, loader, versions);
            committed.follow();
            ScheduledExecutorService following = Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("console-config-follower"));
            parts.add(following::shutdownNow);
            long every = console.push().checkEvery().toMillis();
            following.scheduleWithFixedDelay(committed::follow, every, every, TimeUnit.MILLISECONDS);
            ExecutorService nodeThreads = Executors.newFixedThreadPool(2, DaemonThreads.numbered("console-to-nodes-"));
            parts.add(nodeThreads::shutdownNow);
            HttpClient nodeClient = HttpClient.newBuilder().executor(nodeThreads)
                    .connectTimeout(console.push().prepareTimeout()).build();
            ConfigPush push = new ConfigPush(holder, versions, nodes, nodeClient, loader, clock, committed);
            new ConfigApi(holder, push, versions).addTo(routes);
            ConfigPages configPages = new ConfigPages(push, versions);
            routes.get("/operator/config", security.operatorPage(configPages.list()))
                    .post("/operator/config", security.operatorPage(configPages.upload()))
                    .get("/operator/config/{version}", security.operatorPage(configPages.version()));

            // Page checks: loaded by the chosen POPs, gathered here.
            PageChecks pageChecks = new PageChecks(nodeClient);
            new PageCheckApi(holder, pageChecks).addTo(routes);
            HttpHandler pageCheckPage = security.page(new PageCheckPage(holder, pageChecks));
            routes.get("/pagecheck", pageCheckPage).post("/pagecheck", pageCheckPage);

            // Access logs: edges upload completed files; customers and operators list and download them.
            ConsoleLogs logs = ConsoleLogs.start(holder, console, database.dataSource(), clock);
            parts.add(logs);
            logs.addRoutes(routes);
            logs.addPages(routes, security::page, clock);

            // Global purge: the API, the nodes' feed and the Cache Control page (behind the session layer).
            PurgeControl purge = PurgeControl.start(holder, database);
            parts.add(purge);
            purge.routes(routes, holder, security::page);

            // The traffic and usage pages, behind the session layer that attaches the Viewer.
            PortalPages.register(routes, security::page, database, holder, clock);
            int dbConnections = console.database() == null ? 8 : console.database().poolSize();
            Undertow undertow = Undertow.builder()
                    .addHttpListener(listen.port(), listen.host())
                    .setIoThreads(2)
                    // A request waiting for a connection holds a worker; more workers than connections only queue.
                    .setWorkerThreads(dbConnections + 2)
                    .setHandler(routes)
                    .build();
            undertow.start();
            ConsoleServer server = new ConsoleServer(undertow, holder, database, parts, logs.archive());
            log.info("console listening on {} ({} database)", server.address(), database.kind());
            return server;
        } catch (RuntimeException e) {
            closeAll(parts);
            database.close();
            throw e;
        }
    }

    private static PortalConfig portalConfig(ConfigHolder holder) {
        return holder.get().consoleConfig().map(ConsoleConfig::portal).orElse(PortalConfig.DEFAULTS);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    /** The base URL the console answers at, e.g. {@code http://127.0.0.1:8090}. */
    public String url() {
        InetSocketAddress at = address();
        return "http://" + at.getAddress().getHostAddress() + ":" + at.getPort();
    }

    /** The config this console runs: its file, until a committed version replaces it. */
    public ConfigHolder config() {
        return config;
    }

    public Database database() {
        return database;
    }

    /** The stored access log files, as the portal and the API see them. */
    public LogArchive logArchive() {
        return logArchive;
    }

    @Override
    public void close() {
        undertow.stop();
        closeAll(parts);
        database.close();
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                log.warn("while stopping the console: {}", e.toString());
            }
        }
    }
}
