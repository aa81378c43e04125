package dev.meridian.edge.image;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders off the I/O threads, one render per rendition however many requests want it. Rendering is
 * CPU-bound, so there are as many threads as cores; a bounded queue turns overload into a quick
 * refusal (the caller serves the original) instead of an ever-growing backlog.
 */
public final class RenderPool implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final Map<RenditionKey, CompletableFuture<StoredRendition>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();

    public RenderPool(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "edge-render-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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

    /** Renders started so far (coalesced requests start none). */
    public long started() {
        return started.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
