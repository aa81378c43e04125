package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CacheKeys;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.StreamingStore;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.observability.EdgeMetrics;
import dev.meridian.edge.origin.OriginCall;
import dev.meridian.edge.origin.OriginClient;
import dev.meridian.edge.origin.OriginFailure;
import dev.meridian.edge.origin.OriginRequests;
import dev.meridian.edge.route.Route;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * Relays a request the cache must not answer (unsafe methods, Authorization, uncacheable or
 * oversized responses) to the origin and streams the answer back. A successful unsafe request
 * invalidates the URL it touched and the same-origin URLs in its Location and Content-Location.
 * Blocking: runs on worker threads.
 */
final class PassThrough {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> BODY_REQUIRED = Set.of("POST", "PUT", "PATCH");

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
        try {
            ex.startBlocking();
            request = new Request.Builder()
                    .url(OriginClient.target(route.origin(), route.originPath(), route.rawQuery()))
                    .headers(OriginRequests.forward(ClientHeaders.snapshot(ex), route.origin().host(), false,
                            ClientHeaders.clientIp(ex), via))
                    .method(method, requestBody(ex, method))
                    .build();
        } catch (IllegalArgumentException e) {
            writer.error(ex, 400, "request cannot be forwarded: " + e.getMessage(), CacheStatus.PASS);
            return;
        }
        long t0 = System.nanoTime();
        OriginCall call = origin.call(route.origin(), request);
        Response response;
        try {
            response = call.execute();
            // Headers are in: the body streams at the client's pace, bounded by the read timeout.
            call.release();
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

    private static RequestBody requestBody(HttpServerExchange ex, String method) {
        long length = ex.getRequestContentLength();
        boolean chunked = ex.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (length <= 0 && !chunked) {
            return BODY_REQUIRED.contains(method) ? RequestBody.create(new byte[0]) : null;
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return null;
        }
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        InputStream in = ex.getInputStream();
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type == null ? null : MediaType.parse(type);
            }

            @Override
            public long contentLength() {
                return chunked ? -1 : length;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (Source source = Okio.source(in)) {
                    sink.writeAll(source);
                }
            }
        };
    }
}
