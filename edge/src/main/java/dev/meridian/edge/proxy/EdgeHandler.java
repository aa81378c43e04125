package dev.meridian.edge.proxy;

import dev.meridian.core.config.PropertyConfig.GetWithBody;
import dev.meridian.core.config.PropertyConfig.RequestCacheControl;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.RequestDirectives;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.accesslog.AccessLog;
import dev.meridian.edge.observability.EdgeMetrics;
import dev.meridian.edge.origin.OriginClient;
import dev.meridian.edge.route.Rejection;
import dev.meridian.edge.route.Route;
import dev.meridian.edge.route.Router;
import dev.meridian.edge.tls.HttpsRedirect;
import dev.meridian.edge.usage.EdgeUsage;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The edge's request handler. Runs on Undertow's I/O threads: routes the request and serves fresh
 * (or stale-while-revalidate) memory hits right there, without a thread hand-off. Everything that
 * can block (fills, slower tiers, pass-through) is dispatched to the bounded worker pool.
 */
public final class EdgeHandler implements HttpHandler {
    private final Supplier<Router> router;
    private final TieredCache cache;
    private final ExecutorService workers;
    private final ResponseWriter writer;
    private final PassThrough passThrough;
    private final CacheFlow flow;
    private final Completion completion;
    private final Outbound outbound;
    private final HttpsRedirect httpsRedirect;

    /**
     * @param router       the current router (a config reload swaps it)
     * @param workers      the bounded pool for blocking work
     * @param via          this edge's Via entry, e.g. {@code 1.1 meridian-sjc}
     * @param outbound     what stored responses pass through on their way out (HTML injection, image renditions)
     * @param fillListener told of each response a fill stored (pre-rendering images)
     */
    public EdgeHandler(Supplier<Router> router, TieredCache cache, OriginClient origin, ExecutorService workers,
                       EdgeMetrics metrics, AccessLog accessLog, long maxObjectSize, String via, Outbound outbound,
                       FillListener fillListener) {
        this(router, cache, origin, workers, metrics, accessLog, maxObjectSize, via, outbound, fillListener,
                HttpsRedirect.NONE, EdgeUsage.OFF);
    }

    /**
     * @param httpsRedirect answers plain requests for properties that want HTTPS
     * @param usage         counts each completed request for the console
     */
    public EdgeHandler(Supplier<Router> router, TieredCache cache, OriginClient origin, ExecutorService workers,
                       EdgeMetrics metrics, AccessLog accessLog, long maxObjectSize, String via, Outbound outbound,
                       FillListener fillListener, HttpsRedirect httpsRedirect, EdgeUsage usage) {
        this.router = router;
        this.httpsRedirect = httpsRedirect;
        this.cache = cache;
        this.workers = workers;
        this.outbound = outbound;
        this.writer = new ResponseWriter(via, outbound);
        this.passThrough = new PassThrough(origin, cache, writer, metrics, via);
        this.flow = new CacheFlow(cache, origin, passThrough, writer, metrics, workers, maxObjectSize, via, fillListener);
        this.completion = new Completion(metrics, accessLog, usage);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        Transaction tx = new Transaction(System.nanoTime(), System.currentTimeMillis());
        ex.putAttachment(Transaction.KEY, tx);
        ex.addExchangeCompleteListener(completion);
        // Kept on the exchange: xnio asks the socket again (under its lock, allocating) every time
        // it is read, and the access log, speed classes and forwarding headers all read it.
        ex.setSourceAddress(ex.getSourceAddress());
        Route route;
        try {
            Route routed = route(ex);
            if (httpsRedirect.answered(ex, routed.property())) {
                tx.property = routed.property().host();
                return;
            }
            route = outbound.route(ex, routed);
        } catch (Rejection r) {
            writer.error(ex, r.status(), r.getMessage(), CacheStatus.NONE);
            return;
        }
        tx.property = route.property().host();
        tx.route = route;
        HttpString method = ex.getRequestMethod();
        HeaderMap headers = ex.getRequestHeaders();
        boolean withBody = ex.getRequestContentLength() > 0 || headers.contains(Headers.TRANSFER_ENCODING);
        if (withBody && (method.equals(Methods.GET) || method.equals(Methods.HEAD))
                && route.property().getWithBody() == GetWithBody.REFUSE) {
            writer.error(ex, 400, method + " with a body is refused for this site", CacheStatus.NONE);
            return;
        }
        // A GET with a body is not the GET another client sends: it is never answered from, nor stored in,
        // the cache, and goes to the origin whole.
        if (!(method.equals(Methods.GET) || method.equals(Methods.HEAD)) || withBody) {
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> toWorker(ex, () -> passThrough.forward(ex, route)));
            return;
        }
        long now = System.currentTimeMillis();
        RequestDirectives directives = RequestDirectives.of(headers.get(Headers.CACHE_CONTROL),
                route.property().requestCacheControl() == RequestCacheControl.HONOUR, headers.contains(Headers.AUTHORIZATION));
        FillMark mark = flow.fillMark();
        TieredCache.Found found = cache.peek(route.url(), headers::get);
        CachedResponse stored = found.response();
        if (stored != null && directives.accepts(stored, now)) {
            if (stored.servableWithoutValidation(now)
                    && !stored.dueForRefresh(route.property().refreshMillis(route.originPath()), now)) {
                writer.cached(ex, stored, CacheStatus.HIT, now);
                return;
            }
            // The background refresh would store what the origin answers this no-store request.
            if (!directives.noStore() && stored.staleWhileRevalidateAllows(now)) {
                flow.refreshInBackground(ex, route, found.key(), directives);
                writer.cached(ex, stored, CacheStatus.STALE, now);
                return;
            }
        }
        if (directives.noStore()) {
            // Nothing answered to this request may be stored (RFC 9111 5.2.1.5): it goes to the origin uncached.
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> toWorker(ex, () -> passThrough.forward(ex, route)));
            return;
        }
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> flow.serve(ex, route, found.key(), mark, false, directives));
    }

    private Route route(HttpServerExchange ex) throws Rejection {
        HttpString method = ex.getRequestMethod();
        if (method.equals(Methods.CONNECT) || method.equals(Methods.TRACE)) {
            throw new Rejection(405, method + " is not supported by this edge");
        }
        if (ex.isHostIncludedInRequestURI()) {
            throw new Rejection(400, "absolute-form request targets are refused: this edge is not a forward proxy");
        }
        HeaderValues host = ex.getRequestHeaders().get(Headers.HOST);
        if (host != null && host.size() > 1) {
            throw new Rejection(400, "more than one Host header");
        }
        return router.get().route(host == null ? null : host.getFirst(), ex.getRequestURI(), ex.getQueryString());
    }

    private void toWorker(HttpServerExchange ex, Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            writer.error(ex, 503, "edge overloaded, try again", CacheStatus.PASS);
        }
    }
}
