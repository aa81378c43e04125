package dev.meridian.edge.origin;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.OriginConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import java.util.function.ObjLongConsumer;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Talks to origins with OkHttp. All origins share one connection pool; each origin gets a client view
 * with its own connect and read timeouts; the total timeout is an {@link OriginCall}'s deadline.
 * Calls are synchronous and run on the edge's worker pool. Redirects are the client's business, so
 * they are relayed, never followed.
 *
 * <p>Pooled connections are not reused once idle for longer than their origin allows
 * ({@link ConnectionReuse}); a request that meets a connection the origin closed anyway is sent again
 * on a connection of its own ({@link OriginCall}).
 */
public final class OriginClient implements AutoCloseable {
    /** No idle connection is kept longer than this, whatever its origin allows (nginx's upstream default). */
    static final Duration MAX_IDLE = Duration.ofSeconds(60);

    private final OkHttpClient base;
    /** Connections made to send a request again: new ones only, closed after their response. */
    private final ConnectionPool unpooled = new ConnectionPool(0, 1, TimeUnit.SECONDS);
    private final Map<OriginConfig, Views> perOrigin = new ConcurrentHashMap<>();
    private final OriginGroups groups = new OriginGroups();
    private final OriginProbes probes = new OriginProbes(groups);
    private final Resends resends = new Resends();
    private final ScheduledThreadPoolExecutor deadlines;
    /** Told the body bytes of each response whose request has a {@link BilledProperty}; null: nobody asked. */
    private volatile ObjLongConsumer<String> bodyBytes;

    /**
     * An origin's client views: one on the shared pool, one that always connects anew; and the TLS
     * sockets it is reached with (its own CA where it names one, else the JDK's trust).
     */
    private record Views(OkHttpClient pooled, OkHttpClient fresh, SSLSocketFactory tls) {
    }

    /**
     * @param maxIdleConnections idle keep-alive connections kept across all origins
     */
    public OriginClient(int maxIdleConnections) {
        this.deadlines = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("origin-deadlines"));
        // Nearly every deadline is cancelled early; drop them from the queue when that happens.
        deadlines.setRemoveOnCancelPolicy(true);
        this.base = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(maxIdleConnections, MAX_IDLE.toNanos(), TimeUnit.NANOSECONDS))
                .socketFactory(OriginSocket.factory())
                .dispatcher(new Dispatcher())
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListener(new EventListener() {
                    @Override
                    public void responseBodyEnd(Call call, long byteCount) {
                        ObjLongConsumer<String> sink = bodyBytes;
                        BilledProperty billed = call.request().tag(BilledProperty.class);
                        if (sink != null && billed != null) {
                            sink.accept(billed.host(), byteCount);
                        }
                    }
                })
                .build();
    }

    /**
     * Counts the body bytes read from origins per property (each attempt's, once, however many
     * clients the response served). GET and HEAD requests with a body ({@link #sendWithBody}) are not counted.
     */
    public void onBodyBytes(ObjLongConsumer<String> perProperty) {
        this.bodyBytes = perProperty;
    }

    /**
     * The origin's URL (and any base path it has) joined with a path and query as the client sent them;
     * for a group, its first server's (the call goes to whichever server the group picks).
     */
    public static HttpUrl target(OriginConfig origin, String rawPath, String rawQuery) {
        HttpUrl base = HttpUrl.get(origin.uri().toString());
        String basePath = base.encodedPath().endsWith("/")
                ? base.encodedPath().substring(0, base.encodedPath().length() - 1) : base.encodedPath();
        return base.newBuilder()
                .encodedPath(basePath + rawPath)
                .encodedQuery(rawQuery.isEmpty() ? null : rawQuery)
                .build();
    }

    /** A call to run on the calling (worker) thread, its total timeout counting from now. */
    public OriginCall call(OriginConfig origin, Request request) {
        Views views = viewsOf(origin);
        OriginCall call = new OriginCall(views.pooled(), views.fresh(), request, origin, groups, resends);
        call.deadline(deadlines.schedule(call::expire, origin.totalTimeout().toNanos(), TimeUnit.NANOSECONDS));
        return call;
    }

    /**
     * Sends a GET or HEAD with a body, which OkHttp will not send, on a connection of its own (closed
     * after the response), under the origin's timeouts; the total timeout is lifted once the response
     * head is in. Blocking: run on a worker thread; the caller closes the response.
     */
    public Response sendWithBody(OriginConfig origin, Request request, RequestBody body) throws IOException {
        return SocketExchange.execute(origin, OriginCall.on(request, groups.order(origin).get(0)), body, deadlines,
                viewsOf(origin).tls());
    }

    /** Publishes how often requests went again and how many origin servers are down. */
    public void bindMetrics(MeterRegistry registry, String pop) {
        resends.bind(registry, pop);
        Gauge.builder("meridian.edge.origin.servers.down", groups, OriginGroups::down)
                .description("Servers of origin groups taken out as down").tag("pop", pop).register(registry);
    }

    /** Probes the servers of the origins in the config that ask for it, now and after every reload. */
    public void probeOrigins(ConfigHolder config) {
        config.onChange(probes::follow);
        probes.follow(config.get());
    }

    private Views viewsOf(OriginConfig origin) {
        return perOrigin.computeIfAbsent(origin, o -> {
            OkHttpClient.Builder builder = base.newBuilder()
                    .connectTimeout(o.connectTimeout())
                    .readTimeout(o.readTimeout())
                    .writeTimeout(o.readTimeout())
                    .addNetworkInterceptor(new ConnectionReuse(o.idleTimeout().toNanos(), MAX_IDLE.toNanos()));
            // Still the shared pool and dispatcher: OkHttp keys pooled connections by their TLS
            // settings too, so no connection verified against one trust serves another origin.
            OriginTrust trust = o.tls() != null ? OriginTrust.of(o.host(), o.tls()) : OriginTrust.jdk();
            SSLSocketFactory tls = trust.context().getSocketFactory();
            // Whatever its trust, every https connection is an OriginTlsSocket, counted above TLS.
            builder.sslSocketFactory(new OriginTlsSockets(tls), trust.trust());
            OkHttpClient pooled = builder.build();
            return new Views(pooled, pooled.newBuilder().connectionPool(unpooled).build(), tls);
        });
    }

    @Override
    public void close() {
        probes.close();
        deadlines.shutdownNow();
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
        unpooled.evictAll();
    }
}
