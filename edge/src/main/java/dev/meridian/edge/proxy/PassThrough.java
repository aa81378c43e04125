package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CacheKeys;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.StreamingStore;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.observability.EdgeMetrics;
import dev.meridian.edge.origin.InterimResponses;
import dev.meridian.edge.origin.OriginCall;
import dev.meridian.edge.origin.BilledProperty;
import dev.meridian.edge.origin.OriginClient;
import dev.meridian.edge.origin.OriginFailure;
import dev.meridian.edge.origin.OriginRequests;
import dev.meridian.edge.route.Route;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Relays a request the cache must not answer (unsafe methods, bodies, no-store requests, uncacheable
 * or oversized responses) to the origin and streams the answer back. A successful unsafe request
 * invalidates the URL it touched and the same-origin URLs in its Location and Content-Location.
 * Blocking: runs on worker threads.
 */
final class PassThrough {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> BODY_REQUIRED = Set.of("POST", "PUT", "PATCH");
    /** Methods OkHttp sends without a body whatever it is given: their bodies go by {@link OriginClient#sendWithBody}. */
    private static final Set<String> OKHTTP_SENDS_NO_BODY = Set.of("GET", "HEAD");

    private final OriginClient origin;
    private final TieredCache cache;
    private final ResponseWriter writer;
    private final EdgeMetrics metrics;
    private final String via;

    PassThrough(OriginClient origin, TieredCache cache, ResponseWriter writer, EdgeMetrics metrics, String via) {
        this.origin = origin;
        this.cache = cache;
        this.writer = writer;
        this.metrics = metrics;
        this.via = via;
    }

    void forward(HttpServerExchange ex, Route route) {
        Transaction tx = ex.getAttachment(Transaction.KEY);
        String method = ex.getRequestMethod().toString();
        Request request;
        RequestBody body;
        try {
            ex.startBlocking();
            body = requestBody(ex, method);
            request = new Request.Builder()
                    .url(OriginClient.target(route.origin(), route.originPath(), route.rawQuery()))
                    .headers(OriginRequests.forward(ClientHeaders.snapshot(ex), route.origin().host(), false,
                            ClientHeaders.clientIp(ex), via))
                    .tag(BilledProperty.class, new BilledProperty(route.property().host()))
                    .method(method, OKHTTP_SENDS_NO_BODY.contains(method) ? null : body)
                    .tag(InterimResponses.class, new InterimRelay(ex))
                    .build();
        } catch (IllegalArgumentException e) {
            writer.error(ex, 400, "request cannot be forwarded: " + e.getMessage(), CacheStatus.PASS);
            return;
        } catch (IOException e) {
            writer.error(ex, 400, "request body not received: " + e.getMessage(), CacheStatus.PASS);
            return;
        }
        long t0 = System.nanoTime();
        Response response;
        try {
            if (body != null && OKHTTP_SENDS_NO_BODY.contains(method)) {
                response = origin.sendWithBody(route.origin(), request, body);
            } else {
                OriginCall call = origin.call(route.origin(), request);
                response = call.execute();
                // Headers are in: the body streams at the client's pace, bounded by the read timeout.
                call.release();
            }
        } catch (IOException e) {
            tx.originNanos = System.nanoTime() - t0;
            metrics.originFetch(OriginFailure.outcome(e), tx.originNanos);
            writer.error(ex, OriginFailure.status(e), OriginFailure.describe(e), CacheStatus.PASS);
            return;
        }
        tx.originNanos = System.nanoTime() - t0;
        metrics.originFetch("ok", tx.originNanos);
        if (!SAFE.contains(method) && response.code() < 400) {
            invalidateTouched(route, response);
        }
        writer.stream(ex, response, new byte[0], CacheStatus.PASS, Optional.empty());
    }

    /**
     * Streams a response another request's fill already opened and handed over, writing it through
     * to {@code store} when it is being stored (then it is a MISS, not a PASS).
     */
    void relay(HttpServerExchange ex, Response response, byte[] prefix, Optional<StreamingStore> store) {
        writer.stream(ex, response, prefix, store.isPresent() ? CacheStatus.MISS : CacheStatus.PASS, store);
    }

    private void invalidateTouched(Route route, Response response) {
        cache.invalidate(route.url());
        for (String field : new String[] {"Location", "Content-Location"}) {
            String value = response.header(field);
            if (value != null) {
                sameOriginUrl(route, value).ifPresent(cache::invalidate);
            }
        }
    }

    /** The cache URL of a Location-style reference, if it points at the same origin host. */
    static Optional<String> sameOriginUrl(Route route, String reference) {
        try {
            URI resolved = URI.create(route.url()).resolve(reference.trim());
            if (resolved.getHost() == null || !resolved.getHost().equalsIgnoreCase(route.origin().host())) {
                return Optional.empty();
            }
            String path = resolved.getRawPath() == null || resolved.getRawPath().isEmpty() ? "/" : resolved.getRawPath();
            String query = resolved.getRawQuery() == null ? "" : resolved.getRawQuery();
            return Optional.of(CacheKeys.url(URI.create(route.url()).getScheme(), resolved.getHost().toLowerCase(Locale.ROOT),
                    path, query));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static RequestBody requestBody(HttpServerExchange ex, String method) throws IOException {
        RequestBody body = ForwardedBody.of(ex);
        return body == null && BODY_REQUIRED.contains(method) ? RequestBody.create(new byte[0]) : body;
    }
}
