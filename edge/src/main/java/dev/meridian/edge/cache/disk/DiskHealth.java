package dev.meridian.edge.cache.disk;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the disk may be written right now. A failed write (disk full, I/O error) pauses disk
 * writes for a back-off period so a sick disk is not hammered and the log is not flooded; the POP
 * keeps serving from memory and the origin meanwhile, and reads of what is stored go on.
 */
final class DiskHealth {
    private static final Logger log = LoggerFactory.getLogger(DiskHealth.class);

    private final String store;
    private final long backoffNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong pausedUntil = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong writeErrors = new AtomicLong();
    private volatile boolean paused;

    DiskHealth(String store, Duration backoff, LongSupplier nanoTime) {
        this.store = store;
        this.backoffNanos = backoff.toNanos();
        this.nanoTime = nanoTime;
    }

    boolean writable() {
        return !paused || nanoTime.getAsLong() - pausedUntil.get() >= 0;
    }

    void writeFailed(String what, Exception e) {
        writeErrors.incrementAndGet();
        long now = nanoTime.getAsLong();
        long until = pausedUntil.get();
        boolean alreadyPaused = paused && now - until < 0;
        if (!alreadyPaused && pausedUntil.compareAndSet(until, now + backoffNanos)) {
            paused = true;
            log.error("disk cache {}: {} failed ({}); serving from memory and origin, retrying disk writes in {} ms",
                    store, what, e.toString(), backoffNanos / 1_000_000);
        }
    }

    void writeSucceeded() {
        if (paused) {
            paused = false;
            log.info("disk cache {}: writes work again", store);
        }
    }

    boolean degraded() {
        return paused;
    }

    long writeErrors() {
        return writeErrors.get();
    }
}
