package dev.meridian.edge.proxy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One fill per cache key at a time. The first request for a key starts the work on the worker pool;
 * requests arriving while it runs get the same future and complete when it does, with no thread
 * parked per waiter. The entry leaves the map once the work is done (after it stored its result)
 * and before the waiters are woken.
 */
final class FillCoordinator {
    private final ConcurrentHashMap<String, CompletableFuture<Fill>> inFlight = new ConcurrentHashMap<>();
    private final Executor workers;

    FillCoordinator(Executor workers) {
        this.workers = workers;
    }

    /** The running fill for key, or a new one running {@code work}. Fails with RejectedExecutionException when the pool is full. */
    CompletableFuture<Fill> join(String key, Supplier<Fill> work) {
        CompletableFuture<Fill> mine = new CompletableFuture<>();
        CompletableFuture<Fill> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            workers.execute(() -> {
                Fill result = null;
                Throwable failure = null;
                try {
                    result = work.get();
                } catch (Throwable t) {
                    failure = t;
                }
                // Leave the map before waking the waiters: a request they trigger next (the same client
                // asking again) must start a new fill, never join this finished one.
                inFlight.remove(key, mine);
                if (failure == null) {
                    mine.complete(result);
                } else {
                    mine.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }
}
