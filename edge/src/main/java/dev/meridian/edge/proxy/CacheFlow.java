package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.Bodies;
import dev.meridian.edge.cache.CacheKeys;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.FillDecision;
import dev.meridian.edge.cache.FillStrategy;
import dev.meridian.edge.cache.PurgeMark;
import dev.meridian.edge.cache.RangeDecision;
import dev.meridian.edge.cache.RangeStrategy;
import dev.meridian.edge.cache.RequestDirectives;
import dev.meridian.edge.cache.StoragePolicy;
import dev.meridian.edge.cache.StoredRanges;
import dev.meridian.edge.cache.StreamingStore;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.http.ByteRanges;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.observability.EdgeMetrics;
import dev.meridian.edge.origin.BodyCapture;
import dev.meridian.edge.origin.InterimResponses;
import dev.meridian.edge.origin.OriginCall;
import dev.meridian.edge.origin.BilledProperty;
import dev.meridian.edge.origin.OriginClient;
import dev.meridian.edge.origin.OriginFailure;
import dev.meridian.edge.origin.OriginRequests;
import dev.meridian.edge.route.Route;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
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
        if (servedInPart(ex, route, client, clientIp, directives)) {
            return;
        }
        // Names this request, should it be the one that starts the fill (the origin then sees its headers).
        Object request = new Object();
        CompletableFuture<Fill> fill = fills.join(coalesceOn(key, directives), mark,
                () -> fill(route, client, clientIp, request, directives, new InterimRelay(ex)));
        fill.whenComplete((result, error) -> deliver(ex, route, key, client, request, result, error, mark, variantRetry,
                directives));
    }

    /**
     * Answers a GET for a URL held in part ({@link StoredRanges}) from its parts, or asks the origin for
     * the range alone, as {@link RangeStrategy} decides; false when it leaves the request to the whole fill.
     */
    private boolean servedInPart(HttpServerExchange ex, Route route, Headers client, String clientIp,
                                 RequestDirectives directives) {
        StoredRanges held = ex.getRequestMethod().equals(Methods.GET) ? cache.partial(route.url()) : null;
        long now = System.currentTimeMillis();
        RangeDecision decision = RangeStrategy.decide(client.get("Range"), client.get("If-Range"), held, directives,
                route.property().refreshMillis(route.originPath()), now);
        if (decision instanceof RangeDecision.ServeParts serve) {
            if (serve.outcome() instanceof ByteRanges.Slice slice) {
                writer.uncut(ex, part(held.head(), slice.first(), held.bytes(slice.first(), slice.last()), held.total()),
                        CacheStatus.HIT, now);
            } else {
                writer.cached(ex, whole(held), CacheStatus.HIT, now);
            }
            return true;
        }
        if (decision instanceof RangeDecision.AskRange ask) {
            toWorker(ex, () -> fillPart(ex, route, client, clientIp, ask.range(), directives));
            return true;
        }
        return false;
    }

    /**
     * Asks the origin for one range of a URL held in part (blocking, on a worker): a 206 is kept
     * with the parts held and sent to this client ({@code MISS}); once the parts make up the whole
     * representation it is stored whole. Any other answer (the origin ignoring the range, a 416, an
     * error, a part too large to keep) goes to this client as it is ({@code PASS}). Not coalesced:
     * requests for different ranges have nothing to share.
     */
    private void fillPart(HttpServerExchange ex, Route route, Headers client, String clientIp, String range,
                          RequestDirectives directives) {
        Transaction tx = ex.getAttachment(Transaction.KEY);
        PurgeMark mark = cache.purgeMark();
        Request request = new Request.Builder()
                .url(OriginClient.target(route.origin(), route.originPath(), route.rawQuery()))
                .headers(OriginRequests.forward(client, route.origin().host(), true, clientIp, via))
                .header("Range", range)
                .tag(InterimResponses.class, new InterimRelay(ex))
                .tag(BilledProperty.class, new BilledProperty(route.property().host()))
                .build();
        long requestTime = System.currentTimeMillis();
        long t0 = System.nanoTime();
        OriginCall call = origin.call(route.origin(), request);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            tx.originNanos = System.nanoTime() - t0;
            metrics.originFetch(OriginFailure.outcome(e), tx.originNanos);
            onIoThread(ex, () -> writer.error(ex, OriginFailure.status(e), OriginFailure.describe(e), CacheStatus.MISS));
            return;
        }
        try {
            Optional<ByteRanges.ContentRange> sent = response.code() == 206
                    ? ByteRanges.contentRange(response.header("Content-Range")) : Optional.empty();
            if (sent.isPresent() && sent.get().length() <= cache.maxPartialBytes()) {
                BodyCapture body = BodyCapture.read(response.body(), sent.get().length());
                tx.originNanos = System.nanoTime() - t0;
                metrics.originFetch("ok", tx.originNanos);
                if (!body.overflowed() && body.bytes().length == sent.get().length()) {
                    response.close();
                    CachedResponse part = keepPart(route, client, fields(response.headers()), sent.get(), body.bytes(),
                            requestTime, directives, mark);
                    onIoThread(ex, () -> writer.uncut(ex, part, CacheStatus.MISS, System.currentTimeMillis()));
                    return;
                }
                throw new IOException("origin sent " + body.bytes().length + " bytes for " + sent.get());
            }
            tx.originNanos = System.nanoTime() - t0;
            metrics.originFetch("ok", tx.originNanos);
            if (response.code() == 200) {
                // The origin ignores ranges for this URL now: what is held may no longer be its representation.
                cache.dropPartial(route.url());
            }
            call.release();
            writer.stream(ex, response, new byte[0], CacheStatus.PASS, Optional.empty());
        } catch (IOException e) {
            response.close();
            IOException failure = call.failure(e);
            metrics.originFetch(OriginFailure.outcome(failure), System.nanoTime() - t0);
            onIoThread(ex, () -> writer.error(ex, OriginFailure.status(failure),
                    failure == e ? "origin sent a broken response" : OriginFailure.describe(failure), CacheStatus.MISS));
        } finally {
            call.release();
        }
    }

    /**
     * Keeps a 206's part with the parts held for the URL when it may be stored, and stores the whole
     * response once they make it up; returns the part as the client is sent it.
     */
    private CachedResponse keepPart(Route route, Headers client, List<HeaderField> fields, ByteRanges.ContentRange range,
                                    byte[] bytes, long requestTime, RequestDirectives directives, PurgeMark mark) {
        long responseTime = System.currentTimeMillis();
        List<HeaderField> whole = fields.stream().filter(h -> !h.name().equalsIgnoreCase("Content-Range")).toList();
        CachedResponse head = new CachedResponse(200, whole, ByteBuffer.allocate(0), requestTime, responseTime,
                route.property().defaultTtl());
        if (StoragePolicy.whyNotStorable(head, directives) != null) {
            // The origin no longer lets this be kept: nor may what is held of it be reused.
            cache.dropPartial(route.url());
        } else {
            StoredRanges held = cache.storePart(route.url(), head, range.total(), range.first(), bytes, mark);
            if (held != null && held.complete()) {
                storeWhole(route, client, held, mark);
            }
        }
        return new CachedResponse(206, fields, ByteBuffer.wrap(bytes), requestTime, responseTime, route.property().defaultTtl());
    }

    /** Parts that make up the whole representation become one stored response: in memory when small enough, else on disk. */
    private void storeWhole(Route route, Headers client, StoredRanges held, PurgeMark mark) {
        CachedResponse complete = whole(held);
        if (held.total() <= maxObjectSize) {
            String key = cache.store(route.url(), client::values, complete, mark);
            if (key != null) {
                filled(route, key, complete, mark);
            }
            return;
        }
        CachedResponse head = held.head();
        cache.openStream(route.url(), head, mark).ifPresent(disk -> {
            if (!disk.write(complete.body()) || !disk.commit()) {
                disk.abort();
            }
        });
    }

    /** The whole representation from parts that make it up, as a complete response. */
    private static CachedResponse whole(StoredRanges held) {
        CachedResponse head = held.head();
        return new CachedResponse(200, head.headers(), ByteBuffer.wrap(held.bytes(0, held.total() - 1)), head.requestTime(),
                head.responseTime(), head.defaultTtl());
    }

    /** A part of what is held, as a 206 with its Content-Range. */
    private static CachedResponse part(CachedResponse head, long first, byte[] bytes, long total) {
        List<HeaderField> fields = new ArrayList<>(head.headers());
        fields.add(new HeaderField("Content-Range", "bytes " + first + "-" + (first + bytes.length - 1) + "/" + total));
        return new CachedResponse(206, fields, ByteBuffer.wrap(bytes), head.requestTime(), head.responseTime(), head.defaultTtl());
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
        // Its client has its answer already: the origin's interim responses go nowhere.
        fills.join(coalesceOn(key, directives), () -> fill(route, client, clientIp, new Object(), directives, null)).whenComplete((result, error) -> {
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
     * @param hints     where the origin's interim responses go (that request's client), or null
     */
    private Fill fill(Route route, Headers client, String clientIp, Object requester, RequestDirectives directives,
                      InterimResponses hints) {
        return fill(route, client, clientIp, requester, true, directives, hints);
    }

    /** @param mayRevalidate whether the stored response (if any) may be revalidated rather than fetched anew */
    private Fill fill(Route route, Headers client, String clientIp, Object requester, boolean mayRevalidate,
                      RequestDirectives directives, InterimResponses hints) {
        PurgeMark purgeMark = cache.purgeMark();
        TieredCache.Found found = cache.lookup(route.url(), client::values);
        // What this request may not use (RFC 9111 3.5) is neither served, revalidated nor served stale to it.
        CachedResponse stored = found.response() != null && directives.mayUse(found.response()) ? found.response() : null;
        Attempt attempt = new Attempt(route, client, clientIp, requester, directives, found, purgeMark, hints);
        FillDecision before = FillStrategy.beforeAsking(stored, mayRevalidate,
                route.property().refreshMillis(route.originPath()), directives, System.currentTimeMillis());
        if (!(before instanceof FillDecision.AskOrigin asked)) {
            return act(before, attempt, -1);
        }
        Request.Builder request = new Request.Builder()
                .url(OriginClient.target(route.origin(), route.originPath(), route.rawQuery()))
                .headers(OriginRequests.forward(client, route.origin().host(), true, clientIp, via))
                .tag(InterimResponses.class, hints)
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
                metrics.tagsIgnored(streamed.ignoredTags());
                boolean storable = StoragePolicy.whyNotStorable(streamed, directives) == null;
                Optional<StreamingStore> disk = storable ? cache.openStream(route.url(), streamed, purgeMark) : Optional.empty();
                long length = response.body().contentLength();
                if (storable && disk.isEmpty() && head.status() == 200 && length > 0) {
                    // Kept nowhere whole: later range requests ask the origin for their ranges, and keep them.
                    cache.rememberLength(route.url(), streamed, length, purgeMark);
                }
                return new Fill.Streaming(response, body.bytes(), requester, nanos, disk);
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
                           TieredCache.Found found, PurgeMark purgeMark, InterimResponses hints) {
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
            return fill(route, attempt.client(), attempt.clientIp(), requester, false, attempt.directives(), attempt.hints());
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
            metrics.tagsIgnored(s.response().ignoredTags());
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
