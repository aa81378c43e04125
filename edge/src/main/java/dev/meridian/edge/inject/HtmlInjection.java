package dev.meridian.edge.inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.core.concurrent.CountedRejections;
import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.proxy.Outbound;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects the measurement scripts into HTML on its way out (see {@link InjectableHtml} for which
 * responses). What the cache stores stays exactly as the origin sent it.
 *
 * <p>A stored response gets an injected copy, made once and kept while the stored response is, with
 * its own correct length. Small identity documents are copied right on the I/O thread (about what
 * sending them costs); gzip documents (decoded, injected, coded again) and larger ones are copied on
 * a bounded pool, and when that pool is full the page goes out as stored, without the scripts,
 * rather than wait. Stored identity documents over {@link #MAX_HTML_BYTES} are sent without a copy,
 * as slices of the stored body around the scripts ({@link SplicedHtml}); gzip ones that large are sent
 * as stored (decoding them would cost each request a whole pass over a very large page).
 *
 * <p>A response relayed from the origin as it arrives (not stored, or too large to hold) is injected
 * as it streams, on the worker thread relaying it, in bounded memory: chunked, or with its exact
 * Content-Length when the origin announced a length of up to {@link #LENGTH_KNOWN_MAX}.
 */
public final class HtmlInjection {
    private static final Logger log = LoggerFactory.getLogger(HtmlInjection.class);
    public static final int MAX_HTML_BYTES = 2 * 1024 * 1024;
    /** Identity documents up to this size are copied on the I/O thread. */
    static final int INLINE_BYTES = 64 * 1024;
    /** How far a gzip document may expand when decoded for its copy. */
    static final long MAX_DECODED_BYTES = 8L * MAX_HTML_BYTES;
    /** Relayed bodies the origin announced at up to this size are held to send them with a Content-Length. */
    static final int LENGTH_KNOWN_MAX = 256 * 1024;
    /** Asks Chromium-based browsers for the network hints the image route uses. */
    static final HeaderField ACCEPT_CH = new HeaderField("Accept-CH", "Save-Data, ECT, Downlink, RTT");
    private static final HttpString ACCEPT_CH_NAME = new HttpString(ACCEPT_CH.name());

    private final HtmlRewriter rewriter;
    private final Executor pool;
    private final Runnable copyProbe;
    /** Injected copies by stored response (identity): done, or being made on the pool. */
    private final Cache<CachedResponse, CompletableFuture<CachedResponse>> copies = Caffeine.newBuilder().weakKeys()
            .maximumSize(10_000).build();

    /** @param pool where copies too costly for an I/O thread are made; refuses work when full */
    public HtmlInjection(HtmlRewriter rewriter, Executor pool) {
        this(rewriter, pool, () -> {
        });
    }

    /** @param copyProbe runs on the thread that makes each copy, before it does (tests watch which thread that is) */
    HtmlInjection(HtmlRewriter rewriter, Executor pool, Runnable copyProbe) {
        this.rewriter = rewriter;
        this.pool = pool;
        this.copyProbe = copyProbe;
    }

    /**
     * A pool for {@link #HtmlInjection(HtmlRewriter, Executor)}: copying is CPU work, so a few
     * threads; a short queue, because a page waiting in a long one would be better sent without the
     * scripts.
     *
     * @param full counts the copies refused because the pool was full (those pages went out without the scripts)
     */
    public static ThreadPoolExecutor newPool(int threads, int queue, CountedRejections full) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                DaemonThreads.numbered("edge-inject-"), full);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Sends {@code stored} through {@code next}: its injected copy, or itself when it is left alone
     * or the pool has no room. Called on the I/O thread; may dispatch the exchange and finish later
     * from the pool.
     */
    public void send(HttpServerExchange ex, CachedResponse stored, CacheStatus status, Outbound.Next next) {
        if (stored.bodyLength() > MAX_HTML_BYTES) {
            InjectableHtml html = InjectableHtml.of(stored.status(), stored::first, stored::all);
            if (html != null && !html.gzip()) {
                SplicedHtml.send(ex, stored, html, rewriter.scripts(), status, next);
            } else {
                next.send(stored, status);
            }
            return;
        }
        CompletableFuture<CachedResponse> copy = copyOf(stored);
        if (copy.isDone()) {
            next.send(settle(stored, copy), status);
        } else {
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> copy.thenRun(() -> next.send(settle(stored, copy), status)));
        }
    }

    /**
     * The injected copy of {@code stored}: {@code stored} itself when it is left alone, null when
     * the pool had no room for making it.
     */
    CompletableFuture<CachedResponse> copyOf(CachedResponse stored) {
        InjectableHtml html = InjectableHtml.of(stored.status(), stored::first, stored::all);
        if (html == null || stored.bodyLength() > MAX_HTML_BYTES) {
            return CompletableFuture.completedFuture(stored);
        }
        return copies.get(stored, k -> !html.gzip() && k.bodyLength() <= INLINE_BYTES
                ? CompletableFuture.completedFuture(copy(k, html)) : onPool(k, html));
    }

    /** The response a finished copy stands for: null means the pool had no room, so this time the stored one. */
    private CachedResponse settle(CachedResponse stored, CompletableFuture<CachedResponse> copy) {
        CachedResponse r = copy.join();
        if (r == null) {
            copies.asMap().remove(stored, copy);
            return stored;
        }
        return r;
    }

    private CompletableFuture<CachedResponse> onPool(CachedResponse stored, InjectableHtml html) {
        CompletableFuture<CachedResponse> copy = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    copy.complete(copy(stored, html));
                } catch (RuntimeException e) {
                    log.warn("injecting the measurement scripts failed; the page goes out as stored", e);
                    copy.complete(stored);
                }
            });
        } catch (RejectedExecutionException e) {
            copy.complete(null);
        }
        return copy;
    }

    /** The injected copy of a stored response, or the response itself when its body cannot be decoded. */
    private CachedResponse copy(CachedResponse r, InjectableHtml html) {
        copyProbe.run();
        ByteArrayOutputStream out = new ByteArrayOutputStream(r.bodyLength() + 4096);
        try {
            InjectedBody.transfer(rewriter, html, new BodyStream(r.body()), out, MAX_DECODED_BYTES);
        } catch (IOException e) {
            // A broken or oversized gzip body goes out as the origin sent it.
            return r;
        }
        List<HeaderField> headers = new ArrayList<>(r.headerCount() + 3);
        for (HeaderField h : r.headers()) {
            if (!InjectableHtml.dropped(h.name().toLowerCase(Locale.ROOT))) {
                headers.add(h);
            }
        }
        if (r.etag() != null) {
            headers.add(new HeaderField("ETag", InjectableHtml.weakened(r.etag())));
        }
        headers.add(ACCEPT_CH);
        // Carries the stored response's age over, so Age and freshness stay the stored response's.
        headers.add(new HeaderField("Age", Long.toString(Math.max(0, r.ageSeconds(r.responseTime())))));
        return new CachedResponse(r.status(), headers, ByteBuffer.wrap(out.toByteArray()), r.requestTime(), r.responseTime(),
                r.defaultTtl());
    }

    /**
     * The rewrite of a relayed response whose status and headers are in the exchange, adjusting
     * those headers, or null when it is left alone.
     */
    public Outbound.BodyRewrite relayed(HttpServerExchange ex) {
        HeaderMap h = ex.getResponseHeaders();
        InjectableHtml html = InjectableHtml.of(ex.getStatusCode(), h::getFirst, h::get);
        if (html == null) {
            return null;
        }
        long announced = ex.getResponseContentLength();
        String etag = h.getFirst(Headers.ETAG);
        for (HttpString name : List.copyOf(h.getHeaderNames())) {
            if (InjectableHtml.dropped(name.toString().toLowerCase(Locale.ROOT))) {
                h.remove(name);
            }
        }
        if (etag != null) {
            h.put(Headers.ETAG, InjectableHtml.weakened(etag));
        }
        h.put(ACCEPT_CH_NAME, ACCEPT_CH.value());
        boolean holdForLength = announced >= 0 && announced <= LENGTH_KNOWN_MAX;
        return (origin, client) -> InjectedBody.transfer(rewriter, html, origin,
                holdForLength ? InjectedBody.lengthWhenSmall(client, 2 * LENGTH_KNOWN_MAX, ex::setResponseContentLength) : client,
                Long.MAX_VALUE);
    }

    /** A stored body read as a stream, without copying it. */
    private static final class BodyStream extends InputStream {
        private final ByteBuffer body;

        BodyStream(ByteBuffer body) {
            this.body = body;
        }

        @Override
        public int read() {
            return body.hasRemaining() ? body.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!body.hasRemaining()) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, body.remaining());
            body.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return body.remaining();
        }
    }
}
