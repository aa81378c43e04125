package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.Bodies;
import dev.meridian.edge.cache.CacheKeys;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.FillDecision;
import dev.meridian.edge.cache.FillStrategy;
import dev.meridian.edge.cache.PurgeMark;
import dev.meridian.edge.cache.RequestDirectives;
import dev.meridian.edge.cache.StoragePolicy;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.observability.EdgeMetrics;
import dev.meridian.edge.origin.BodyCapture;
import dev.meridian.edge.origin.OriginCall;
import dev.meridian.edge.origin.BilledProperty;
import dev.meridian.edge.origin.OriginClient;
import dev.meridian.edge.origin.OriginFailure;
import dev.meridian.edge.origin.OriginRequests;
import dev.meridian.edge.route.Route;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything after a memory hit fails: the coalesced fill from the slower tiers or the origin
 * (revalidating what is stored when it can), stale-if-error, the background refresh behind
 * stale-while-revalidate, and handing each waiting client the result. What to do with what is
 * stored and what the origin answers is {@link FillStrategy}'s to decide; this class asks, reads,
 * writes to the tiers, counts, and acts on each {@link FillDecision}.
 */
final class CacheFlow {
    private static final Logger log = LoggerFactory.getLogger(CacheFlow.class);
    /** Appended to a key to coalesce the fills of requests that accept nothing stored apart from the others. */
    private static final String REVALIDATING = " (revalidating)";
    /** Appended to a key to coalesce the fills of requests with Authorization apart from the others. */
    private static final String AUTHORIZED = " (authorized)";

    private final TieredCache cache;
    private final OriginClient origin;
    private final FillCoordinator fills;
    private final PassThrough passThrough;
    private final ResponseWriter writer;
    private final EdgeMetrics metrics;
    private final Executor workers;
    private final long maxObjectSize;
    private final String via;
    private final FillListener fillListener;

    CacheFlow(TieredCache cache, OriginClient origin, PassThrough passThrough, ResponseWriter writer, EdgeMetrics metrics,
              Executor workers, long maxObjectSize, String via, FillListener fillListener) {
        this.cache = cache;
        this.fillListener = fillListener;
        this.origin = origin;
        this.fills = new FillCoordinator(workers);
        this.passThrough = passThrough;
        this.writer = writer;
        this.metrics = metrics;
        this.workers = workers;
        this.maxObjectSize = maxObjectSize;
        this.via = via;
    }

    /**
     * Serves a GET/HEAD the memory tier could not answer. Called after the exchange was dispatched
     * (so it stays open); whichever thread completes the fill hands the response back to the
     * exchange's I/O thread.
     *
     * @param key  the key the memory lookup resolved to: fills are coalesced on it
     * @param mark {@link #fillMark()} taken before that lookup
     */
    void serve(HttpServerExchange ex, Route route, String key, FillMark mark, boolean variantRetry,
               RequestDirectives directives) {
        Headers client;
        try {
            client = ClientHeaders.snapshot(ex);
        } catch (IllegalArgumentException e) {
            writer.error(ex, 400, "malformed request header: " + e.getMessage(), CacheStatus.NONE);
            return;
        }
        String clientIp = ClientHeaders.clientIp(ex);
        // Names this request, should it be the one that starts the fill (the origin then sees its headers).
        Object request = new Object();
        CompletableFuture<Fill> fill = fills.join(coalesceOn(key, directives), mark, () -> fill(route, client, clientIp, request, directives));
        fill.whenComplete((result, error) -> deliver(ex, route, key, client, request, result, error, mark, variantRetry,
                directives));
    }

    /** Taken before a memory lookup, so a fill that completes between the lookup and the join is not repeated. */
    FillMark fillMark() {
        return fills.mark();
    }

    /**
     * The key fills are coalesced on: a request that accepts nothing stored must not be handed a fill
     * that served what was stored, nor one with Authorization a fill that served what it may not use.
     */
    private static String coalesceOn(String key, RequestDirectives directives) {
        return key + (directives.acceptsNothingStored() ? REVALIDATING : "") + (directives.authorized() ? AUTHORIZED : "");
    }

    /**
     * Stale-while-revalidate: refresh once in the background; requests meanwhile get the stale copy.
     *
     * @param directives the request's own, that the refresh (made with its headers) must keep to
     */
    void refreshInBackground(HttpServerExchange ex, Route route, String key, RequestDirectives directives) {
        Headers client;
        try {
            client = ClientHeaders.snapshot(ex);
        } catch (IllegalArgumentException e) {
            return;
        }
        String clientIp = ClientHeaders.clientIp(ex);
        fills.join(coalesceOn(key, directives), () -> fill(route, client, clientIp, new Object(), directives)).whenComplete((result, error) -> {
            if (result instanceof Fill.Streaming s) {
                s.discard();
            }
        });
    }

    private void deliver(HttpServerExchange ex, Route route, String key, Headers client, Object request, Fill result,
                         Throwable error, FillMark mark, boolean variantRetry, RequestDirectives directives) {
        Transaction tx = ex.getAttachment(Transaction.KEY);
        if (error != null) {
            boolean overloaded = error instanceof RejectedExecutionException
                    || error.getCause() instanceof RejectedExecutionException;
            if (!overloaded) {
                log.error("fill for {} failed unexpectedly", route.url(), error);
            }
            onIoThread(ex, () -> writer.error(ex, overloaded ? 503 : 500,
                    overloaded ? "edge overloaded, try again" : "internal error", CacheStatus.MISS));
            return;
        }
        tx.originNanos = result.originNanos();
        if (result instanceof Fill.Ready r) {
            if (!r.deliverableTo(request)) {
                if (r.status() == CacheStatus.PASS) {
                    // Not for sharing at all (private, no-store, ...): this request asks the origin itself.
                    toWorker(ex, () -> passThrough.forward(ex, route));
                } else {
                    // Storable, but not stored (a purge overtook the fill): a fresh fill, shared by whoever joins it.
                    onIoThread(ex, () -> serve(ex, route, key, fills.mark(), variantRetry, directives));
                }
                return;
            }
            String mine = r.key() == null || variantRetry || r.response().varyNames().isEmpty() ? r.key()
                    : CacheKeys.variant(route.url(), r.response().varyNames(), client::values);
            if (mine != null && !mine.equals(r.key())) {
                // Filled for another variant of this URL: fill (or find) this client's own.
                onIoThread(ex, () -> serve(ex, route, mine, mark, true, directives));
            } else {
                onIoThread(ex, () -> writer.cached(ex, r.response(), r.status(), System.currentTimeMillis()));
            }
        } else if (result instanceof Fill.Streaming s) {
            if (s.ownedBy(request)) {
                if (!toWorker(ex, () -> passThrough.relay(ex, s.response(), s.prefix(), s.store()))) {
                    s.discard();
                }
            } else {
                toWorker(ex, () -> passThrough.forward(ex, route));
            }
        } else if (result instanceof Fill.Failed f) {
            onIoThread(ex, () -> writer.error(ex, f.status(), f.reason(), CacheStatus.MISS));
        }
    }

    private static void onIoThread(HttpServerExchange ex, Runnable task) {
        ex.getIoThread().execute(task);
    }

    /** Runs blocking work on the pool; false (the client told 503) when the pool is full. */
    private boolean toWorker(HttpServerExchange ex, Runnable task) {
        try {
            workers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            onIoThread(ex, () -> writer.error(ex, 503, "edge overloaded, try again", CacheStatus.PASS));
            return false;
        }
    }

    /**
     * The fill itself, on a worker thread: slower tiers, then the origin (conditional when it can be).
     *
     * @param requester the request that started it: what is not stored goes to it alone
     */
    private Fill fill(Route route, Headers client, String clientIp, Object requester, RequestDirectives directives) {
        return fill(route, client, clientIp, requester, true, directives);
    }

    /** @param mayRevalidate whether the stored response (if any) may be revalidated rather than fetched anew */
    private Fill fill(Route route, Headers client, String clientIp, Object requester, boolean mayRevalidate,
                      RequestDirectives directives) {
        PurgeMark purgeMark = cache.purgeMark();
        TieredCache.Found found = cache.lookup(route.url(), client::values);
        // What this request may not use (RFC 9111 3.5) is neither served, revalidated nor served stale to it.
        CachedResponse stored = found.response() != null && directives.mayUse(found.response()) ? found.response() : null;
        Attempt attempt = new Attempt(route, client, clientIp, requester, directives, found, purgeMark);
        FillDecision before = FillStrategy.beforeAsking(stored, mayRevalidate,
                route.property().refreshMillis(route.originPath()), directives, System.currentTimeMillis());
        if (!(before instanceof FillDecision.AskOrigin asked)) {
            return act(before, attempt, -1);
        }
        Request.Builder request = new Request.Builder()
                .url(OriginClient.target(route.origin(), route.originPath(), route.rawQuery()))
                .headers(OriginRequests.forward(client, route.origin().host(), true, clientIp, via))
                .tag(BilledProperty.class, new BilledProperty(route.property().host()));
        asked.validators().forEach(v -> request.header(v.name(), v.value()));
        long requestTime = System.currentTimeMillis();
        long t0 = System.nanoTime();
        OriginCall call = origin.call(route.origin(), request.build());
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            long nanos = System.nanoTime() - t0;
            metrics.originFetch(OriginFailure.outcome(e), nanos);
            return act(FillStrategy.onUnusable(stored, OriginFailure.status(e), OriginFailure.describe(e),
                    System.currentTimeMillis()), attempt, nanos);
        }
        try {
            FillStrategy.OriginHead head = new FillStrategy.OriginHead(response.code(), fields(response.headers()),
                    requestTime, System.currentTimeMillis());
            FillDecision onHead = FillStrategy.onHead(stored, asked, head, directives);
            if (!(onHead instanceof FillDecision.ReadBody)) {
                long nanos = System.nanoTime() - t0;
                metrics.originFetch(onHead instanceof FillDecision.ServeStored ? "error" : "ok", nanos);
                response.close();
                return act(onHead, attempt, nanos);
            }
            BodyCapture body = BodyCapture.read(response.body(), maxObjectSize);
            long nanos = System.nanoTime() - t0;
            metrics.originFetch("ok", nanos);
            if (body.overflowed()) {
                // Too large for memory: stored on disk as it streams to the client, when it may be stored.
                CachedResponse streamed = new CachedResponse(head.status(), head.fields(), ByteBuffer.allocate(0),
                        requestTime, System.currentTimeMillis(), route.property().defaultTtl());
                return new Fill.Streaming(response, body.bytes(), requester, nanos, StoragePolicy.whyNotStorable(streamed, directives) == null
                        ? cache.openStream(route.url(), streamed, purgeMark) : Optional.empty());
            }
            response.close();
            CachedResponse fresh = new CachedResponse(head.status(), head.fields(), Bodies.of(body.bytes()),
                    requestTime, System.currentTimeMillis(), route.property().defaultTtl());
            return act(FillStrategy.onBody(stored, fresh, directives), attempt, nanos);
        } catch (IOException e) {
            // Truncated, overlong, garbled or too slow: never stored.
            response.close();
            long nanos = System.nanoTime() - t0;
            IOException failure = call.failure(e);
            metrics.originFetch(OriginFailure.outcome(failure), nanos);
            return act(FillStrategy.onUnusable(stored, OriginFailure.status(failure),
                    failure == e ? "origin sent a broken response" : OriginFailure.describe(failure), System.currentTimeMillis()),
                    attempt, nanos);
        } finally {
            // A body too big to cache now streams at the client's pace.
            call.release();
        }
    }

    /**
     * One pass of a fill: the request it is for, and what the tiers held when it began.
     *
     * @param found     {@code found.response()} is the stored response the strategy was given, unless
     *                  the request may not use it (then the strategy was given none)
     * @param purgeMark taken before the lookup: a purge after it undoes this pass's stores
     */
    private record Attempt(Route route, Headers client, String clientIp, Object requester, RequestDirectives directives,
                           TieredCache.Found found, PurgeMark purgeMark) {
    }

    /**
     * Carries out what {@link FillStrategy} decided (every outcome but asking and reading, which are
     * the fill's own steps): the tier writes, and the result for the waiting requests.
     *
     * @param nanos time spent on the origin, or -1 when it was not asked
     */
    private Fill act(FillDecision decision, Attempt attempt, long nanos) {
        Route route = attempt.route();
        TieredCache.Found found = attempt.found();
        PurgeMark purgeMark = attempt.purgeMark();
        Object requester = attempt.requester();
        if (decision instanceof FillDecision.ServeStored s) {
            return new Fill.Ready(found.response(), s.status(), found.key(), null, nanos);
        }
        if (decision instanceof FillDecision.Fail f) {
            return new Fill.Failed(f.status(), f.reason(), nanos);
        }
        if (decision instanceof FillDecision.AskAgainUnconditionally) {
            cache.invalidate(route.url());
            return fill(route, attempt.client(), attempt.clientIp(), requester, false, attempt.directives());
        }
        if (decision instanceof FillDecision.Revalidated r) {
            // Like a store, a refresh a purge overtook is undone, and then belongs to this request alone: the
            // requests waiting on it arrived after the purge and get a fill of their own.
            boolean kept = cache.replace(found.key(), r.refreshed(), purgeMark);
            return new Fill.Ready(r.refreshed(), CacheStatus.REVALIDATED, kept ? found.key() : null,
                    kept ? null : requester, nanos);
        }
        if (decision instanceof FillDecision.Store s) {
            String key = cache.store(route.url(), attempt.client()::values, s.response(), purgeMark);
            if (key != null) {
                filled(route, key, s.response(), purgeMark);
            }
            // Not stored after all (a purge overtook it): it was made with this request's headers, so it is
            // this request's alone.
            return new Fill.Ready(s.response(), s.status(), key, key != null ? null : requester, nanos);
        }
        if (decision instanceof FillDecision.PassToRequester p) {
            if (p.dropStored()) {
                // The origin no longer lets this be stored: what is stored must not outlive that.
                cache.invalidate(route.url());
            }
            // Often made for this user, so for this request alone.
            return new Fill.Ready(p.response(), CacheStatus.PASS, null, requester, nanos);
        }
        throw new IllegalArgumentException("a step of the fill, not an outcome to act on: " + decision);
    }

    private void filled(Route route, String key, CachedResponse stored, PurgeMark purgeMark) {
        try {
            fillListener.stored(route, key, stored, purgeMark);
        } catch (RuntimeException e) {
            // What follows a fill is extra: the fill itself succeeded and its clients get their answer.
            log.error("after the fill of {}: {} failed", route.url(), fillListener, e);
        }
    }

    private static List<HeaderField> fields(Headers headers) {
        List<HeaderField> out = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            out.add(new HeaderField(headers.name(i), headers.value(i)));
        }
        return out;
    }
}
