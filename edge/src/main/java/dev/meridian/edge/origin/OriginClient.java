package dev.meridian.edge.origin;

import dev.meridian.core.config.OriginConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Talks to origins with OkHttp. All origins share one connection pool; each origin gets a client view
 * with its own connect, read and total (call) timeouts. Calls are synchronous and run on the edge's
 * worker pool. Redirects are the client's business, so they are relayed, never followed.
 */
public final class OriginClient implements AutoCloseable {
    private final OkHttpClient base;
    private final Map<OriginConfig, OkHttpClient> perOrigin = new ConcurrentHashMap<>();

    /**
     * @param maxIdleConnections idle keep-alive connections kept across all origins
     */
    public OriginClient(int maxIdleConnections) {
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

    /** Executes a request on the calling (worker) thread; the caller closes the response. */
    public Response execute(OriginConfig origin, Request request) throws IOException {
        return clientFor(origin).newCall(request).execute();
    }

    private OkHttpClient clientFor(OriginConfig origin) {
        return perOrigin.computeIfAbsent(origin, o -> base.newBuilder()
                .connectTimeout(o.connectTimeout())
                .readTimeout(o.readTimeout())
                .writeTimeout(o.readTimeout())
                .callTimeout(o.totalTimeout())
                .build());
    }

    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
