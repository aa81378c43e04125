package dev.meridian.core.concurrent;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refuses work a full pool has no room for, as {@link ThreadPoolExecutor.AbortPolicy} does, and counts
 * it: the callers fall back (serve without the extra), and the count is how an operator sees that happen.
 */
public final class CountedRejections implements RejectedExecutionHandler {
    private final LongAdder rejected = new LongAdder();

    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
        rejected.increment();
        throw new RejectedExecutionException("pool full: " + pool.getActiveCount() + " running, " + pool.getQueue().size()
                + " queued");
    }

    /** Tasks refused so far. */
    public long count() {
        return rejected.sum();
    }
}
