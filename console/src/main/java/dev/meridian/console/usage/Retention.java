package dev.meridian.console.usage;

import dev.meridian.console.db.Database;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.RetentionConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes usage older than the configured retention, a bounded number of rows per statement, each
 * statement its own short transaction, so a year's backlog never holds locks or a huge transaction
 * for long. On its own thread, every {@link #EVERY}. Consoles sharing one PostgreSQL may all run it:
 * PostgreSQL's deletes skip rows another console is deleting right now, and a row deleted twice is
 * deleted once.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    public static final Duration EVERY = Duration.ofMinutes(10);
    public static final int DEFAULT_ROWS_PER_STATEMENT = 10_000;
    /**
     * Batch ids are kept a day longer than the minutes they carried: a batch re-sent after its id is gone
     * must find its rows too old to count (rows are accepted up to 5 minutes ahead of the console's clock).
     */
    static final Duration BATCH_ID_MARGIN = Duration.ofDays(1);

    private final Database database;
    private final ConfigHolder holder;
    private final Clock clock;
    private final int rowsPerStatement;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-retention");
        t.setDaemon(true);
        return t;
    });

    /** Rows of {@code table} whose {@code column} is before {@code before} are past retention. */
    private record Cut(String table, String column, Instant before) {
    }

    /** What one run deleted, per table, and in how many statements. */
    public record Run(Map<String, Long> deleted, int statements) {
    }

    public Retention(Database database, ConfigHolder holder, Clock clock, int rowsPerStatement) {
        this.database = database;
        this.holder = holder;
        this.clock = clock;
        this.rowsPerStatement = rowsPerStatement;
    }

    /** Runs a minute after start (not while the console is still starting), then every {@link #EVERY}. */
    public Retention start() {
        thread.scheduleWithFixedDelay(this::runLogged, 60, EVERY.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    private void runLogged() {
        try {
            Run run = runOnce();
            long total = run.deleted().values().stream().mapToLong(Long::longValue).sum();
            if (total > 0) {
                log.info("retention deleted {} rows in {} statements: {}", total, run.statements(), run.deleted());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("retention run failed (the next one tries again): {}", e.toString());
        }
    }

    /** Deletes everything past retention as the current config sets it. */
    public Run runOnce() throws SQLException {
        RetentionConfig retention = holder.get().consoleConfig().map(ConsoleConfig::retention).orElse(RetentionConfig.DEFAULTS);
        Instant now = clock.instant();
        Instant minutes = now.minus(retention.minutes());
        Instant hours = now.minus(retention.hours());
        Map<String, Long> deleted = new LinkedHashMap<>();
        int statements = 0;
        List<Cut> cuts = List.of(new Cut("edge_minute", "minute_start", minutes),
                new Cut("customer_minute", "minute_start", minutes),
                new Cut("network_minute", "minute_start", minutes),
                new Cut("dns_minute", "minute_start", minutes), new Cut("dns_customer_minute", "minute_start", minutes),
                new Cut("dns_network_minute", "minute_start", minutes),
                new Cut("edge_hour", "hour_start", hours),
                new Cut("dns_hour", "hour_start", hours),
                new Cut("ingested_batches", "received_at", minutes.minus(BATCH_ID_MARGIN)));
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(true);
            for (Cut cut : cuts) {
                try (PreparedStatement s = c.prepareStatement(deleteSome(cut.table(), cut.column()))) {
                    s.setObject(1, OffsetDateTime.ofInstant(cut.before(), ZoneOffset.UTC));
                    long total = 0;
                    int n;
                    do {
                        n = s.executeUpdate();
                        statements++;
                        total += n;
                    } while (n >= rowsPerStatement && !Thread.currentThread().isInterrupted());
                    deleted.put(cut.table(), total);
                }
            }
        }
        return new Run(deleted, statements);
    }

    /** At most rowsPerStatement rows older than the cut-off: neither database has a portable DELETE ... LIMIT. */
    private String deleteSome(String table, String column) {
        return switch (database.kind()) {
            case POSTGRESQL -> "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + column
                    + " < ? LIMIT " + rowsPerStatement + " FOR UPDATE SKIP LOCKED)";
            case H2 -> "DELETE FROM " + table + " WHERE " + column + " < ? FETCH FIRST " + rowsPerStatement + " ROWS ONLY";
        };
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
