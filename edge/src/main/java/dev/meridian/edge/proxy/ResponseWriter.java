package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.StreamingStore;
import dev.meridian.edge.http.ByteRanges;
import dev.meridian.edge.http.CacheTags;
import dev.meridian.edge.http.Conditionals;
import dev.meridian.edge.http.EdgeHeaders;
import dev.meridian.edge.http.HopByHop;
import dev.meridian.edge.http.TargetedCacheControl;
import dev.meridian.edge.route.Route;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Response;
import org.xnio.IoUtils;

/** Writes responses to clients: stored ones (non-blocking), errors, and origin streams (blocking). */
final class ResponseWriter {
    /** RFC 9110 15.4.5: what a 304 carries. */
    private static final Set<String> NOT_MODIFIED_FIELDS = Set.of("cache-control", "content-location", "date", "etag",
            "expires", "vary", "last-modified");
    private static final int STREAM_CHUNK = 32 * 1024;

    private final String via;
    private final Outbound outbound;

    ResponseWriter(String via, Outbound outbound) {
        this.via = via;
        this.outbound = outbound;
    }

    /** Sends a response the cache produced, through the {@link Outbound} stage (which may transform it). */
    void cached(HttpServerExchange ex, CachedResponse r, CacheStatus status, long now) {
        Transaction tx = ex.getAttachment(Transaction.KEY);
        if (tx.route == null) {
            send(ex, r, status, now);
            return;
        }
        outbound.send(ex, tx.route, r, status, new Outbound.Next() {
            @Override
            public void send(CachedResponse response, CacheStatus s) {
                if (ex.isInIoThread()) {
                    ResponseWriter.this.send(ex, response, s, System.currentTimeMillis());
                } else {
                    ex.getIoThread().execute(() -> ResponseWriter.this.send(ex, response, s, System.currentTimeMillis()));
                }
            }

            @Override
            public void streaming(CacheStatus s) {
                tx.cache = s;
                ex.getResponseHeaders().add(Headers.VIA, via);
                ex.getResponseHeaders().put(EdgeHeaders.X_CACHE, s.name());
            }
        });
    }

    /**
     * Sends a response as it is, past the {@link Outbound} stage: a part of a representation (206),
     * which no stage rewrites. I/O thread.
     */
    void uncut(HttpServerExchange ex, CachedResponse r, CacheStatus status, long now) {
        send(ex, r, status, now);
    }

    /**
     * Sends a response, answering the client's own conditionals with 304. Never blocks: the body
     * goes out through Undertow's async sender as a view of the stored buffer.
     */
    private void send(HttpServerExchange ex, CachedResponse r, CacheStatus status, long now) {
        ex.getAttachment(Transaction.KEY).cache = status;
        HeaderMap out = ex.getResponseHeaders();
        HeaderMap in = ex.getRequestHeaders();
        boolean conditional = in.contains(Headers.IF_NONE_MATCH) || in.contains(Headers.IF_MODIFIED_SINCE);
        if (conditional && r.status() == 200
                && Conditionals.notModified(in.get(Headers.IF_NONE_MATCH), in.getFirst(Headers.IF_MODIFIED_SINCE), r.etag(), r.lastModified())) {
            ex.setStatusCode(304);
            for (int i = 0; i < r.clientHeaderCount(); i++) {
                if (NOT_MODIFIED_FIELDS.contains(r.headerName(i).toString().toLowerCase(Locale.ROOT))) {
                    out.add(r.headerName(i), r.headerValue(i));
                }
            }
            addEdgeFields(out, r, status, now);
            ex.endExchange();
            return;
        }
        ByteRanges.Outcome range = r.status() == 200 && ex.getRequestMethod().equals(Methods.GET)
                ? ByteRanges.evaluate(in.getFirst(Headers.RANGE), in.getFirst(Headers.IF_RANGE), r.etag(), r.lastModified(), r.bodyLength())
                : ByteRanges.WHOLE;
        if (range instanceof ByteRanges.Unsatisfiable) {
            ex.setStatusCode(416);
            out.put(Headers.CONTENT_RANGE, ByteRanges.Unsatisfiable.contentRange(r.bodyLength()));
            addEdgeFields(out, r, status, now);
            ex.setResponseContentLength(0);
            ex.endExchange();
            return;
        }
        ex.setStatusCode(range instanceof ByteRanges.Slice ? 206 : r.status());
        for (int i = 0; i < r.clientHeaderCount(); i++) {
            out.add(r.headerName(i), r.headerValue(i));
        }
        addEdgeFields(out, r, status, now);
        ByteBuffer body = r.body();
        if (r.status() == 200) {
            out.put(Headers.ACCEPT_RANGES, "bytes");
        }
        if (range instanceof ByteRanges.Slice slice) {
            out.put(Headers.CONTENT_RANGE, slice.contentRange(r.bodyLength()));
            body.limit((int) slice.last() + 1).position((int) slice.first());
        }
        ex.setResponseContentLength(body.remaining());
        if (ex.getRequestMethod().equals(Methods.HEAD) || !body.hasRemaining()) {
            ex.endExchange();
        } else {
            ex.getResponseSender().send(body);
        }
    }

    private void addEdgeFields(HeaderMap out, CachedResponse r, CacheStatus status, long now) {
        out.put(Headers.AGE, r.ageSeconds(now));
        out.add(Headers.VIA, via);
        out.put(EdgeHeaders.X_CACHE, status.name());
    }

    /** A short plain-text error the edge generates itself. */
    void error(HttpServerExchange ex, int status, String message, CacheStatus cacheStatus) {
        Transaction tx = ex.getAttachment(Transaction.KEY);
        if (tx != null) {
            tx.cache = cacheStatus;
        }
        if (ex.isResponseStarted()) {
            IoUtils.safeClose(ex.getConnection());
            return;
        }
        ex.setStatusCode(status);
        HeaderMap out = ex.getResponseHeaders();
        out.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        out.put(Headers.CACHE_CONTROL, "no-store");
        out.add(Headers.VIA, via);
        if (cacheStatus != CacheStatus.NONE) {
            out.put(EdgeHeaders.X_CACHE, cacheStatus.name());
        }
        byte[] body = ("meridian edge: " + message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.setResponseContentLength(body.length);
        if (ex.isBlocking() && !ex.isInIoThread()) {
            try (OutputStream os = ex.getOutputStream()) {
                os.write(body);
            } catch (IOException e) {
                IoUtils.safeClose(ex.getConnection());
            }
        } else {
            ex.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }

    /**
     * Relays an origin response as it arrives (blocking; worker threads only). If the origin breaks
     * off mid-body the client connection is closed, so the client sees a truncated response rather
     * than a complete-looking one.
     *
     * @param prefix body bytes already read from {@code response}
     */
    void stream(HttpServerExchange ex, Response response, byte[] prefix, CacheStatus cacheStatus, Optional<StreamingStore> store) {
        try {
            if (relay(ex, response, prefix, cacheStatus, store)) {
                store.ifPresent(StreamingStore::commit);
                return;
            }
        } catch (IOException | RuntimeException e) {
            IoUtils.safeClose(ex.getConnection());
        }
        store.ifPresent(StreamingStore::abort);
    }

    /**
     * @param store gets every body byte as it passes, when the response is being stored
     * @return whether the whole body went through (only then may {@code store} commit)
     */
    private boolean relay(HttpServerExchange ex, Response response, byte[] prefix, CacheStatus cacheStatus,
                          Optional<StreamingStore> store) throws IOException {
        ex.getAttachment(Transaction.KEY).cache = cacheStatus;
        try (response) {
            ex.setStatusCode(response.code());
            HeaderMap out = ex.getResponseHeaders();
            var h = response.headers();
            List<String> connection = h.values("Connection");
            for (int i = 0; i < h.size(); i++) {
                if (!HopByHop.isHopByHop(h.name(i), connection) && !TargetedCacheControl.isTargeted(h.name(i))
                        && !CacheTags.isTagField(h.name(i))) {
                    out.add(HttpString.tryFromString(h.name(i)), h.value(i));
                }
            }
            out.add(Headers.VIA, via);
            out.put(EdgeHeaders.X_CACHE, cacheStatus.name());
            Route route = ex.getAttachment(Transaction.KEY).route;
            Outbound.BodyRewrite rewrite = route == null ? null : outbound.relayed(ex, route);
            boolean head = ex.getRequestMethod().equals(Methods.HEAD);
            if (head || response.code() == 204 || response.code() == 304) {
                ex.endExchange();
                return false;
            }
            if (!ex.isBlocking()) {
                ex.startBlocking();
            }
            OutputStream os = ex.getOutputStream();
            InputStream origin = new SequenceInputStream(new ByteArrayInputStream(prefix), response.body().byteStream());
            try (InputStream body = store.isPresent() ? new Storing(origin, store.get()) : origin) {
                (rewrite == null ? PLAIN : rewrite).transfer(body, os);
                // What a rewrite did not need to read is still part of what is stored.
                body.transferTo(OutputStream.nullOutputStream());
            }
            os.close();
            return true;
        }
    }

    /** The origin's body as it is. */
    private static final Outbound.BodyRewrite PLAIN = (in, out) -> {
        byte[] buf = new byte[STREAM_CHUNK];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
    };

    /** The origin's body, handing every byte read to the store as it passes. */
    private static final class Storing extends FilterInputStream {
        private final StreamingStore store;

        Storing(InputStream origin, StreamingStore store) {
            super(origin);
            this.store = store;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                store.write(ByteBuffer.wrap(b, off, n));
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes are stored too.
            byte[] b = new byte[(int) Math.min(Math.max(n, 0), STREAM_CHUNK)];
            return Math.max(0, read(b, 0, b.length));
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
