package dev.meridian.console.logs;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stored files whose latest request is older than {@code retention.logs}, rows and files, in
 * batches of {@value #BATCH}, each its own short transaction, and at most {@value #MAX_BATCHES} batches a
 * run, so a large backlog is worked off over several runs without holding the database.
 */
final class LogRetention {
    private static final Logger log = LoggerFactory.getLogger(LogRetention.class);
    static final int BATCH = 500;
    static final int MAX_BATCHES = 100;

    private final LogStore store;
    private final LogFilesTable table;
    private final Clock clock;
    private final Supplier<Duration> retention;

    /** @param retention read at every run, so a reloaded config applies */
    LogRetention(LogStore store, LogFilesTable table, Clock clock, Supplier<Duration> retention) {
        this.store = store;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    /** One run: deletes what has expired, up to the bound. @return files deleted */
    int run() throws SQLException {
        Instant cutoff = clock.instant().minus(retention.get());
        int deleted = 0;
        for (int b = 0; b < MAX_BATCHES; b++) {
            List<LogFile> expired = table.endedBefore(cutoff, BATCH);
            if (expired.isEmpty()) {
                break;
            }
            // Rows first: a file whose row is gone is never listed; a row whose file is gone would be.
            table.delete(expired);
            for (LogFile f : expired) {
                try {
                    store.delete(f.customer(), f.name());
                } catch (IOException e) {
                    log.warn("cannot delete expired access log {}/{}: {}", f.customer(), f.name(), e.toString());
                }
            }
            deleted += expired.size();
            if (expired.size() < BATCH) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("deleted {} access log files whose requests ended before {}", deleted, cutoff);
        }
        return deleted;
    }
}
