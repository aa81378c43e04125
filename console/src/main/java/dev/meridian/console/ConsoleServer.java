package dev.meridian.console;

import dev.meridian.admin.AdminEndpoints;
import dev.meridian.console.db.Database;
import dev.meridian.console.portal.PortalPages;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.HostPort;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    private final Database database;
    private final List<AutoCloseable> parts;

    private ConsoleServer(Undertow undertow, Database database, List<AutoCloseable> parts) {
        this.undertow = undertow;
        this.database = database;
        this.parts = parts;
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
            // The traffic and usage pages, behind the session layer that attaches the Viewer. Until that layer
            // is merged here nothing attaches one, and the pages answer 403.
            HandlerWrapper sessions = handler -> handler;
            PortalPages.register(routes, sessions, database, holder, Clock.systemUTC());
            int dbConnections = console.database() == null ? 8 : console.database().poolSize();
            Undertow undertow = Undertow.builder()
                    .addHttpListener(listen.port(), listen.host())
                    .setIoThreads(2)
                    // A request waiting for a connection holds a worker; more workers than connections only queue.
                    .setWorkerThreads(dbConnections + 2)
                    .setHandler(routes)
                    .build();
            undertow.start();
            ConsoleServer server = new ConsoleServer(undertow, database, parts);
            log.info("console listening on {} ({} database)", server.address(), database.kind());
            return server;
        } catch (RuntimeException e) {
            closeAll(parts);
            database.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    /** The base URL the console answers at, e.g. {@code http://127.0.0.1:8090}. */
    public String url() {
        InetSocketAddress at = address();
        return "http://" + at.getAddress().getHostAddress() + ":" + at.getPort();
    }

    public Database database() {
        return database;
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
