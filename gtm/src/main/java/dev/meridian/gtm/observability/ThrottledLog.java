package dev.meridian.gtm.observability;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs at most {@code perSecond} warnings each second, then counts the rest and says how many were
 * dropped: a flood of garbage packets must not turn into a flood of log lines.
 */
public final class ThrottledLog {
    private final Logger log;
    private final int perSecond;
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger log, int perSecond) {
        this.log = log;
        this.perSecond = perSecond;
    }

    public void warn(String format, Object... args) {
        long second = System.nanoTime() / 1_000_000_000L;
        long previous = window.get();
        if (previous != second && window.compareAndSet(previous, second)) {
            inWindow.set(0);
            long dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                log.warn("{} similar warnings suppressed", dropped);
            }
        }
        if (inWindow.incrementAndGet() <= perSecond) {
            log.warn(format, args);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
