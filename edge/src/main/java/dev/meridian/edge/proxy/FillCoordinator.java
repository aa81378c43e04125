package dev.meridian.edge.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One fill per cache key at a time. The first request for a key starts the work on the worker pool;
 * requests arriving while it runs get the same future and complete when it does, with no thread
 * parked per waiter. The entry leaves the map once the work is done (after it stored its result)
 * and before the waiters are woken.
 *
 * <p>A request looks in the memory tier before it joins here, so a fill can finish in between: the
 * request saw no object, and the object may already be gone again (the memory tier's admission
 * policy can refuse or evict a fresh object under pressure). Each completed shareable fill is
 * therefore kept briefly with its completion number; a request that took its {@link #mark()} before
 * looking, and finds a fill for its key completed after that mark, takes that result instead of
 * asking the origin again. A request that starts after the completion (a client asking again) has a
 * later mark and starts a fresh fill.
 */
final class FillCoordinator {
    /** Only needs to bridge the instant between a memory lookup and the join; the bound is for memory. */
    private static final Duration KEEP_COMPLETED = Duration.ofSeconds(2);
    private static final long COMPLETED_MAX_BYTES = 64L << 20;

    private final ConcurrentHashMap<String, CompletableFuture<Fill>> inFlight = new ConcurrentHashMap<>();
    private final Cache<String, Completed> completed = Caffeine.newBuilder()
            .expireAfterWrite(KEEP_COMPLETED)
            .maximumWeight(COMPLETED_MAX_BYTES)
            .weigher((String key, Completed c) -> Math.max(1, c.fill().response().bodyLength()))
            .build();
    private final AtomicLong completions = new AtomicLong();
    private final Executor workers;

    private record Completed(long number, Fill.Ready fill) {
    }

    FillCoordinator(Executor workers) {
        this.workers = workers;
    }

    /** Take this before looking in the cache; pass it to {@link #join(String, long, Supplier)}. */
    FillMark mark() {
        return new FillMark(completions.get());
    }

    /** The running fill for key, or a new one running {@code work}. Fails with RejectedExecutionException when the pool is full. */
    CompletableFuture<Fill> join(String key, Supplier<Fill> work) {
        return join(key, FillMark.LATEST, work);
    }

    /**
     * Like {@link #join(String, Supplier)}, but a shareable fill of key that completed after
     * {@code mark} is taken as it is.
     */
    CompletableFuture<Fill> join(String key, FillMark mark, Supplier<Fill> work) {
        CompletableFuture<Fill> mine = new CompletableFuture<>();
        CompletableFuture<Fill> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        Completed recent = completed.getIfPresent(key);
        if (recent != null && mark.precedes(recent.number())) {
            inFlight.remove(key, mine);
            return CompletableFuture.completedFuture(recent.fill());
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
                if (result instanceof Fill.Ready r && r.forEveryone()) {
                    completed.put(key, new Completed(completions.incrementAndGet(), r));
                } else {
                    completions.incrementAndGet();
                    completed.invalidate(key);
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
