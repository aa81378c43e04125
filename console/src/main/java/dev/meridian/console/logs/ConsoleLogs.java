package dev.meridian.console.logs;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.RetentionConfig;
import dev.meridian.uplink.logs.LogUploads;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.RoutingHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's raw access logs: the edges' uploads, the customer API, the {@link LogArchive} the
 * portal's Logs page reads, and retention (a run at start and every {@value #RETENTION_EVERY_MINUTES}
 * minutes on a thread of its own).
 */
public final class ConsoleLogs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleLogs.class);
    static final long RETENTION_EVERY_MINUTES = 10;

    private final LogIngestHandler ingest;
    private final LogApiHandler api;
    private final LogArchive archive;
    private final ScheduledExecutorService retention;

    private ConsoleLogs(LogIngestHandler ingest, LogApiHandler api, LogArchive archive, ScheduledExecutorService retention) {
        this.ingest = ingest;
        this.api = api;
        this.archive = archive;
        this.retention = retention;
    }

    /** Opens the store under the console's state directory and starts retention. */
    public static ConsoleLogs start(ConfigHolder config, ConsoleConfig console, DataSource db, Clock clock) {
        LogStore store;
        try {
            store = new LogStore(console.stateDir());
            store.clearIncoming();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + console.stateDir() + "/logs", e);
        }
        LogFilesTable table = new LogFilesTable(db);
        LogArchive archive = new LogArchive(store, table);
        LogRetention expiry = new LogRetention(store, table, clock, () -> config.get().consoleConfig()
                .map(c -> c.retention().logs()).orElse(RetentionConfig.DEFAULTS.logs()));
        ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("console-log-retention"));
        retention.scheduleWithFixedDelay(() -> {
            try {
                expiry.run();
            } catch (Exception e) {
                log.warn("access log retention run failed; trying again in {} minutes: {}", RETENTION_EVERY_MINUTES,
                        e.toString());
            }
        }, 0, RETENTION_EVERY_MINUTES, TimeUnit.MINUTES);
        return new ConsoleLogs(new LogIngestHandler(config, store, table, clock), new LogApiHandler(config, archive, clock),
                archive, retention);
    }

    /** Adds the routes: the nodes' upload and the customer API. */
    public void addRoutes(RoutingHandler routes) {
        routes.put(LogUploads.PATH_PREFIX + "{customer}/{name}", ingest)
                .get("/v1/logs", api.list())
                .get("/v1/logs/{name}", api.download());
    }

    /**
     * Adds the portal's Logs page ({@code /logs}: the viewer's files of the last 30 days) and its downloads
     * ({@code /logs/<name>}, the API's download with the session's viewer), wrapped by {@code sessions}.
     */
    public void addPages(RoutingHandler routes, HandlerWrapper sessions, Clock clock) {
        routes.get("/logs", sessions.wrap(new LogsPage(archive, clock)))
                .get("/logs/{name}", sessions.wrap(api.download()));
    }

    /** What the portal's Logs page lists and serves. */
    public LogArchive archive() {
        return archive;
    }

    @Override
    public void close() {
        retention.shutdownNow();
    }
}
