package dev.meridian.edge.image;

import dev.meridian.core.concurrent.DaemonThreads;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders off the I/O threads, one render per rendition however many requests want it. Rendering is
 * CPU-bound, so there are as many threads as cores; a bounded queue turns overload into a quick
 * refusal (the caller serves the original) instead of an ever-growing backlog. Background work
 * (pre-rendering after a fill) may hold only part of the queue, so a burst of fills never leaves
 * the clients waiting for an image without a place in it.
 */
public final class RenderPool implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final Map<RenditionKey, CompletableFuture<StoredRendition>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final int backgroundLimit;
    private final AtomicInteger background = new AtomicInteger();
    private final AtomicLong backgroundDropped = new AtomicLong();

    /** @param queue renders that may wait for a thread; background renders may take a quarter of it */
    public RenderPool(int threads, int queue) {
        this.backgroundLimit = Math.max(1, queue / 4);
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                DaemonThreads.numbered("edge-render-"));
        pool.allowCoreThreadTimeOut(true);
    }

    /** The one render of {@code key} in flight, started with {@code work} if none is. */
    public CompletableFuture<StoredRendition> render(RenditionKey key, Callable<StoredRendition> work) {
        CompletableFuture<StoredRendition> mine = new CompletableFuture<>();
        CompletableFuture<StoredRendition> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        started.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    mine.complete(work.call());
                } catch (Throwable e) {
                    mine.completeExceptionally(e);
                } finally {
                    inFlight.remove(key, mine);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /**
     * Background work for {@code key}: joins the render in flight, or starts one while fewer than the
     * background limit are waiting or running. Returns false, counting a drop, when it was refused
     * (limit reached or queue full); nothing else is told, since a later request renders on demand.
     */
    public boolean renderInBackground(RenditionKey key, Callable<StoredRendition> work) {
        if (inFlight.containsKey(key)) {
            return true;
        }
        if (background.incrementAndGet() > backgroundLimit) {
            background.decrementAndGet();
            backgroundDropped.incrementAndGet();
            return false;
        }
        CompletableFuture<StoredRendition> f = render(key, work);
        f.whenComplete((r, e) -> background.decrementAndGet());
        if (rejected(f)) {
            backgroundDropped.incrementAndGet();
            return false;
        }
        return true;
    }

    private static boolean rejected(CompletableFuture<StoredRendition> f) {
        if (!f.isCompletedExceptionally()) {
            return false;
        }
        try {
            f.getNow(null);
            return false;
        } catch (CompletionException | CancellationException e) {
            return e.getCause() instanceof RejectedExecutionException;
        }
    }

    /** Background renders refused so far because the background share of the queue was full. */
    public long backgroundDropped() {
        return backgroundDropped.get();
    }

    /** Renders started so far (coalesced requests start none). */
    public long started() {
        return started.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
