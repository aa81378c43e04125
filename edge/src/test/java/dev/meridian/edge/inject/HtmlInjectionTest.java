package dev.meridian.edge.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class HtmlInjectionTest {
    private final MeasurementScripts scripts = new MeasurementScripts(ImagingConfig.defaults());
    /** Copies made right where they are asked for, so these tests see them at once. */
    private final HtmlInjection injection = new HtmlInjection(new HtmlRewriter(scripts), Runnable::run);

    private static final String PAGE = "<!DOCTYPE html>\n<html><head><title>t</title></head><body>"
            + "<p>" + "word ".repeat(400) + "</p></body></html>\n";

    private static CachedResponse response(byte[] body, String... headers) {
        List<HeaderField> h = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(new HeaderField(headers[i], headers[i + 1]));
        }
        long now = System.currentTimeMillis();
        return new CachedResponse(200, h, ByteBuffer.wrap(body), now, now, Duration.ZERO);
    }

    private CachedResponse apply(CachedResponse stored) {
        return injection.copyOf(stored).join();
    }

    private static String text(CachedResponse r, Charset cs) {
        ByteBuffer b = r.body();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, cs);
    }

    @Test
    void startScriptGoesRightAfterTheDoctypeAndEndScriptBeforeTheClosingBody() {
        CachedResponse in = response(PAGE.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/html; charset=utf-8",
                "ETag", "\"v1\"", "Cache-Control", "max-age=60");
        CachedResponse out = apply(in);
        String html = text(out, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>" + scripts.start() + "\n<html>");
        int between = PAGE.indexOf("</body>") - "<!DOCTYPE html>".length();
        assertThat(html).endsWith("</p>" + scripts.end(between) + "</body></html>\n");
        assertThat(out.bodyLength()).isEqualTo(html.getBytes(StandardCharsets.UTF_8).length);
        assertThat(out.first("ETag")).isEqualTo("W/\"v1\"");
        assertThat(out.first("Accept-CH")).contains("Downlink");
        assertThat(out.first("Cache-Control")).isEqualTo("max-age=60");
        // The stored response is untouched, and the injected copy is made once.
        assertThat(text(in, StandardCharsets.UTF_8)).isEqualTo(PAGE);
        assertThat(apply(in)).isSameAs(out);
    }

    @Test
    void tinyPagesArePaddedWithACommentUpToTheMeasuredMinimum() {
        String tiny = "<html><body>hi</body></html>";
        String html = text(apply(response(tiny.getBytes(StandardCharsets.US_ASCII), "Content-Type", "text/html")),
                StandardCharsets.ISO_8859_1);
        int start = html.indexOf(scripts.start()) + scripts.start().length();
        int end = html.indexOf("<script>(function");
        assertThat(end - start).isGreaterThanOrEqualTo(HtmlRewriter.MIN_MEASURED_BYTES);
        assertThat(html.substring(start, end)).startsWith("<html><body>hi<!-- meridian: padding").endsWith("-->");
        assertThat(html).contains("r=" + (end - start) + "*8/");
    }

    @Test
    void gzippedHtmlIsInjectedAndStaysGzipped() throws IOException {
        CachedResponse out = apply(response(gzip(PAGE.getBytes(StandardCharsets.UTF_8)), "Content-Type", "text/html; charset=UTF-8",
                "Content-Encoding", "gzip", "Vary", "Accept-Encoding"));
        assertThat(out.first("Content-Encoding")).isEqualTo("gzip");
        assertThat(out.first("Vary")).isEqualTo("Accept-Encoding");
        String html = new String(gunzip(out.body()), StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>" + scripts.start()).contains("word word").endsWith("</body></html>\n");
    }

    @Test
    void everyContentEncodingFieldCountsNotJustTheFirst() throws IOException {
        byte[] gz = gzip(PAGE.getBytes(StandardCharsets.UTF_8));
        // identity is no coding: the page is gzip and is injected as such.
        CachedResponse identityThenGzip = apply(response(gz, "Content-Type", "text/html; charset=UTF-8",
                "Content-Encoding", "identity", "Content-Encoding", "gzip"));
        assertThat(new String(gunzip(identityThenGzip.body()), StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>" + scripts.start());
        // Coded twice, or gzip then something else: left as the origin sent it.
        for (CachedResponse r : List.of(
                response(gzip(gz), "Content-Type", "text/html", "Content-Encoding", "gzip", "Content-Encoding", "gzip"),
                response(gzip(gz), "Content-Type", "text/html", "Content-Encoding", "gzip, gzip"),
                response(gz, "Content-Type", "text/html", "Content-Encoding", "gzip", "Content-Encoding", "br"))) {
            assertThat(apply(r)).as(r.headers().toString()).isSameAs(r);
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(bytes);
        }
        return gz.toByteArray();
    }

    static byte[] gunzip(ByteBuffer body) throws IOException {
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    @Test
    void brokenGzipGoesOutAsTheOriginSentIt() {
        CachedResponse in = response(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}, "Content-Type", "text/html", "Content-Encoding", "gzip");
        assertThat(apply(in)).isSameAs(in);
    }

    @Test
    void noTransformNonHtmlOtherEncodingsAndErrorsAreLeftAlone() {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        List<CachedResponse> untouched = List.of(
                response(page, "Content-Type", "text/html", "Cache-Control", "public, no-transform"),
                response(page, "Content-Type", "text/plain"),
                response(page, "Content-Type", "application/json"),
                response(page),
                response(page, "Content-Type", "text/html", "Content-Encoding", "br"),
                response(page, "Content-Type", "text/html; charset=no-such-charset"),
                // Not ASCII-compatible: markup cannot be found byte for byte.
                response(page, "Content-Type", "text/html; charset=IBM037"));
        for (CachedResponse r : untouched) {
            assertThat(apply(r)).as(r.headers().toString()).isSameAs(r);
        }
        CachedResponse notFound = new CachedResponse(404, List.of(new HeaderField("Content-Type", "text/html")),
                ByteBuffer.wrap(page), 0, 0, Duration.ZERO);
        assertThat(apply(notFound)).isSameAs(notFound);
    }

    @Test
    void latin1BytesSurviveUnchanged() {
        byte[] page = "<html><body>caf\u00e9 \u00fcber \u00bd</body></html>".getBytes(StandardCharsets.ISO_8859_1);
        CachedResponse out = apply(response(page, "Content-Type", "text/html; charset=iso-8859-1"));
        assertThat(out.first("Content-Type")).isEqualTo("text/html; charset=iso-8859-1");
        assertThat(text(out, StandardCharsets.ISO_8859_1)).contains("caf\u00e9 \u00fcber \u00bd");
    }

    @Test
    void utf8MultibyteTextAndBomSurvive() {
        String doc = "\uFEFF<!doctype html><html><body>\u65e5\u672c\u8a9e \u00e9\u00e8 \uD83D\uDE00</body></html>";
        CachedResponse out = apply(response(doc.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/html;charset=utf-8"));
        String html = text(out, StandardCharsets.UTF_8);
        assertThat(html).startsWith("\uFEFF<!doctype html>" + scripts.start());
        assertThat(html).contains("\u65e5\u672c\u8a9e \u00e9\u00e8 \uD83D\uDE00");
    }

    @Test
    void utf16DocumentsAreRewrittenInTheirOwnCharset() {
        String doc = "<!DOCTYPE html><html><body>\u00e9t\u00e9</body></html>";
        CachedResponse out = apply(response(doc.getBytes(StandardCharsets.UTF_16LE), "Content-Type",
                "text/html; charset=UTF-16LE"));
        String html = text(out, StandardCharsets.UTF_16LE);
        assertThat(html).startsWith("<!DOCTYPE html>" + scripts.start()).contains("\u00e9t\u00e9<!-- meridian").endsWith("</body></html>");
        assertThat(out.bodyLength() % 2).isZero();
    }

    @Test
    void documentsWithoutBodyOrHtmlGetTheEndScriptAtTheEnd() {
        String doc = "<p>" + "x".repeat(2000);
        String html = text(apply(response(doc.getBytes(StandardCharsets.US_ASCII), "Content-Type", "text/html")),
                StandardCharsets.US_ASCII);
        assertThat(html).startsWith(scripts.start() + "<p>xxx").endsWith("</script>");
    }
}
