package dev.meridian.edge.cache.disk;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index log near the size of the index: once it holds more than twice as many records as
 * there are live objects (and 100,000 more, so a small store is not rewritten constantly), the
 * janitor rewrites it from the live index, one rewrite at a time. The rewrite itself is
 * {@link IndexJournal#rewrite}'s, crash-safe by rename; a failed one counts as a write error and
 * leaves the old, complete log in place.
 */
final class LogCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(LogCompaction.class);
    private static final long SLACK_RECORDS = 100_000;

    private final String store;
    private final IndexJournal journal;
    private final DiskIndex index;
    private final Executor janitor;
    private final DiskHealth health;
    private final AtomicBoolean running = new AtomicBoolean();

    LogCompaction(String store, IndexJournal journal, DiskIndex index, Executor janitor, DiskHealth health) {
        this.store = store;
        this.journal = journal;
        this.index = index;
        this.janitor = janitor;
        this.health = health;
    }

    /** Called after each append that grows the log: schedules a rewrite when the log has grown too far. */
    void maybeCompact() {
        if (journal.records() > 2 * index.size() + SLACK_RECORDS && running.compareAndSet(false, true)) {
            janitor.execute(() -> {
                try {
                    rewrite();
                } finally {
                    running.set(false);
                }
            });
        }
    }

    private void rewrite() {
        try {
            long started = System.nanoTime();
            journal.rewrite(index.coldestFirst());
            LOG.info("disk cache {}: index log rewritten ({} objects) in {} ms", store, index.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            health.writeFailed("rewriting the index log", e);
        }
    }
}
