package dev.meridian.edge.inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Injects the measurement scripts into HTML on its way out. The stored response stays exactly as
 * the origin sent it; the injected copy is made once per stored response (kept while that response
 * is) and has its own, correct length. Left alone: non-HTML, non-200, {@code Cache-Control:
 * no-transform}, encodings other than gzip, charsets Java does not know, and documents over
 * {@link #MAX_HTML_BYTES} (which would cost too much to rewrite on an I/O thread).
 */
public final class HtmlInjection {
    public static final int MAX_HTML_BYTES = 2 * 1024 * 1024;
    /** Fields that describe the origin's exact bytes and would be false after injection. */
    private static final Set<String> DROPPED = Set.of("content-encoding", "content-md5", "digest", "content-digest",
            "repr-digest", "etag", "content-length");
    /** Asks Chromium-based browsers for the network hints the image route uses. */
    static final HeaderField ACCEPT_CH = new HeaderField("Accept-CH", "Save-Data, ECT, Downlink, RTT");

    private final HtmlRewriter rewriter;
    private final Cache<CachedResponse, CachedResponse> injected = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    public HtmlInjection(HtmlRewriter rewriter) {
        this.rewriter = rewriter;
    }

    /** The response to send instead of {@code stored}: the injected copy, or {@code stored} itself when it is left alone. */
    public CachedResponse apply(CachedResponse stored) {
        if (!applies(stored)) {
            return stored;
        }
        return injected.get(stored, this::inject);
    }

    static boolean applies(CachedResponse r) {
        if (r.status() != 200 || noTransform(r) || r.bodyLength() > MAX_HTML_BYTES) {
            return false;
        }
        String type = r.first("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).trim().startsWith("text/html")) {
            return false;
        }
        String encoding = r.first("Content-Encoding");
        return encoding == null || isGzip(encoding) || encoding.trim().equalsIgnoreCase("identity");
    }

    private CachedResponse inject(CachedResponse r) {
        Charset charset = charset(r.first("Content-Type"));
        if (charset == null) {
            return r;
        }
        byte[] html;
        try {
            html = isGzip(r.first("Content-Encoding")) ? gunzip(r.body()) : bytes(r.body());
        } catch (IOException e) {
            // A broken or oversized gzip body goes out as the origin sent it.
            return r;
        }
        byte[] out = rewriter.rewrite(html, charset);
        List<HeaderField> headers = new ArrayList<>(r.headerCount() + 3);
        for (HeaderField h : r.headers()) {
            if (!DROPPED.contains(h.name().toLowerCase(Locale.ROOT))) {
                headers.add(h);
            }
        }
        if (r.etag() != null) {
            // Still the same content for every client, but no longer the origin's bytes.
            headers.add(new HeaderField("ETag", r.etag().startsWith("W/") ? r.etag() : "W/" + r.etag()));
        }
        headers.add(ACCEPT_CH);
        // Carries the stored response's age over, so Age and freshness stay the stored response's.
        headers.add(new HeaderField("Age", Long.toString(Math.max(0, r.ageSeconds(r.responseTime())))));
        return new CachedResponse(r.status(), headers, ByteBuffer.wrap(out), r.requestTime(), r.responseTime(), r.defaultTtl());
    }

    /** RFC 9111 5.2.2.6: an intermediary must not transform the content. */
    static boolean noTransform(CachedResponse r) {
        for (String value : r.all("Cache-Control")) {
            for (String directive : value.split(",")) {
                if (directive.trim().equalsIgnoreCase("no-transform")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isGzip(String encoding) {
        if (encoding == null) {
            return false;
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        return e.equals("gzip") || e.equals("x-gzip");
    }

    /** The charset the Content-Type names, UTF-8-compatible ISO-8859-1 handling when it names none, null when unknown. */
    static Charset charset(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] gunzip(ByteBuffer body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes(body)))) {
            byte[] out = in.readNBytes(MAX_HTML_BYTES + 1);
            if (out.length > MAX_HTML_BYTES) {
                throw new IOException("decompressed HTML over " + MAX_HTML_BYTES + " bytes");
            }
            return out;
        }
    }
}
