package dev.meridian.edge.origin;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.OriginConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Talks to origins with OkHttp. All origins share one connection pool; each origin gets a client view
 * with its own connect and read timeouts; the total timeout is an {@link OriginCall}'s deadline.
 * Calls are synchronous and run on the edge's worker pool. Redirects are the client's business, so
 * they are relayed, never followed.
 */
public final class OriginClient implements AutoCloseable {
    private final OkHttpClient base;
    private final Map<OriginConfig, OkHttpClient> perOrigin = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor deadlines;

    /**
     * @param maxIdleConnections idle keep-alive connections kept across all origins
     */
    public OriginClient(int maxIdleConnections) {
        this.deadlines = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("origin-deadlines"));
        // Nearly every deadline is cancelled early; drop them from the queue when that happens.
        deadlines.setRemoveOnCancelPolicy(true);
        this.base = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(maxIdleConnections, 5, TimeUnit.MINUTES))
                .dispatcher(new Dispatcher())
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /** The origin's URL (and any base path it has) joined with a path and query as the client sent them. */
    public static HttpUrl target(OriginConfig origin, String rawPath, String rawQuery) {
        HttpUrl base = HttpUrl.get(origin.url());
        String basePath = base.encodedPath().endsWith("/")
                ? base.encodedPath().substring(0, base.encodedPath().length() - 1) : base.encodedPath();
        return base.newBuilder()
                .encodedPath(basePath + rawPath)
                .encodedQuery(rawQuery.isEmpty() ? null : rawQuery)
                .build();
    }

    /** A call to run on the calling (worker) thread, its total timeout counting from now. */
    public OriginCall call(OriginConfig origin, Request request) {
        Call call = clientFor(origin).newCall(request);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            call.cancel();
        }, origin.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
        return new OriginCall(call, expired, deadline);
    }

    private OkHttpClient clientFor(OriginConfig origin) {
        return perOrigin.computeIfAbsent(origin, o -> base.newBuilder()
                .connectTimeout(o.connectTimeout())
                .readTimeout(o.readTimeout())
                .writeTimeout(o.readTimeout())
                .build());
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
