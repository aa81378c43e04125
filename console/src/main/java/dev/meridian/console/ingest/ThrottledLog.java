package dev.meridian.console.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that a misbehaving or hostile sender could repeat thousands of times a second: written at
 * most once per interval, with how many were left out since the last one, so the log stays readable and
 * bounded whatever arrives. The metrics count every one.
 */
final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt;
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nextAt = new AtomicLong(System.nanoTime());
    }

    void warn(String format, Object... args) {
        long now = System.nanoTime();
        long due = nextAt.get();
        if (now - due < 0 || !nextAt.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left > 0) {
            log.warn("({} similar warnings left out in the last {} s)", left, intervalNanos / 1_000_000_000L);
        }
        log.warn(format, args);
    }
}
