package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.inject.MeasurementScripts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTML the edge relays as it arrives (pages a request forbids it to store, with {@code no-store};
 * pages too large to keep) gets the measurement scripts as it streams, through a real edge and origin on
 * loopback.
 */
class StreamedHtmlInjectionTest {
    private static final MeasurementScripts SCRIPTS = new MeasurementScripts(ImagingConfig.defaults());
    private static final String DOCTYPE = "<!DOCTYPE html>";
    private static SpeedEdgeFixture f;

    @BeforeAll
    static void start() {
        f = new SpeedEdgeFixture("{ mode: hybrid }");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private record Got(int code, byte[] body, Headers headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** A request that forbids storing the answer: the edge relays it to the origin and the answer back as it comes. */
    private static Got fetchUnstored(String path, String... headers) throws IOException {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Cache-Control";
        all[headers.length + 1] = "no-store";
        return fetch(path, all);
    }

    private static Got fetch(String path, String... headers) throws IOException {
        Request.Builder request = f.get(path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (Response r = f.http.newCall(request.build()).execute()) {
            return new Got(r.code(), r.body().bytes(), r.headers());
        }
    }

    /** A page whose tags fall anywhere in the stream: rows of varying length, non-ASCII text. */
    private static String page(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(DOCTYPE).append("\n<html><head><title>t</title></head><body>\n");
        while (b.length() < bytes) {
            b.append("<p class=r").append(random.nextInt(1000)).append(">caf\u00e9 ").append("x".repeat(random.nextInt(90)))
                    .append("</p>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    /** The page as the client must get it: start script after the doctype, end script before the last </body>. */
    private static String injected(String page, Charset charset) {
        int end = page.lastIndexOf("</body>");
        String between = page.substring(DOCTYPE.length(), end);
        return DOCTYPE + SCRIPTS.start() + between + SCRIPTS.end(between.getBytes(charset).length) + page.substring(end);
    }

    private static MockResponse html(String contentType, String cacheControl) {
        return new MockResponse().setHeader("Content-Type", contentType).setHeader("Cache-Control", cacheControl)
                .setHeader("ETag", "\"v7\"");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aUsersPageStreamedInSmallChunksGetsBothScriptsWhereverItsTagsFall() throws IOException {
        String page = page(60_000, 1);
        // 7-byte chunks, trickled: the edge reads the body in pieces that cut through tags.
        f.origin.on("/account.html", html("text/html; charset=utf-8", "private, max-age=60")
                .setChunkedBody(page, 7).throttleBody(2048, 1, TimeUnit.MILLISECONDS));

        Got got = fetchUnstored("/account.html");

        assertThat(got.code()).isEqualTo(200);
        assertThat(got.header("X-Cache")).isEqualTo("PASS");
        assertThat(got.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(got.header("Content-Length")).isNull();
        assertThat(got.header("ETag")).isEqualTo("W/\"v7\"");
        assertThat(got.header("Accept-CH")).contains("Downlink");
        assertThat(got.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(injected(page, StandardCharsets.UTF_8));
    }

    @Test
    void aPageTooLargeToKeepInMemoryIsInjectedAsItStreams() throws IOException {
        String page = page(9 * 1024 * 1024, 2);
        f.origin.on("/big.html", html("text/html; charset=utf-8", "max-age=300").setBody(page));

        Got got = fetch("/big.html");

        assertThat(got.code()).isEqualTo(200);
        assertThat(got.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(injected(page, StandardCharsets.UTF_8));
    }

    @Test
    void aStoredPageTooLargeToCopyIsSentAsSlicesAroundTheScriptsWithItsExactLength() throws IOException {
        String page = page(3 * 1024 * 1024, 8);
        f.origin.on("/large-stored.html", html("text/html; charset=utf-8", "max-age=300").setBody(page));
        String expected = injected(page, StandardCharsets.UTF_8);
        int expectedLength = expected.getBytes(StandardCharsets.UTF_8).length;

        for (String expectedCache : new String[] {"MISS", "HIT"}) {
            Got got = fetch("/large-stored.html");
            assertThat(got.header("X-Cache")).isEqualTo(expectedCache);
            assertThat(got.header("Content-Length")).isEqualTo(Integer.toString(expectedLength));
            assertThat(got.header("ETag")).isEqualTo("W/\"v7\"");
            assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
        try (Response head = f.http.newCall(f.get("/large-stored.html").head().build()).execute()) {
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(expectedLength));
        }
        assertThat(f.origin.hits("/large-stored.html")).isEqualTo(1);
    }

    @Test
    void aPageStreamedToTheDiskTierIsStoredAsTheOriginSentItAndServedFromDiskWithTheScripts(@TempDir Path dir)
            throws IOException {
        // Over the memory tier's object limit: it streams to the client and the disk tier at once.
        try (SpeedEdgeFixture disk = new SpeedEdgeFixture("{ mode: hybrid }",
                "{ memory: 16MB, maxObjectSize: 1MB, disk: { dir: \"%s\", size: 64MB } }".formatted(dir), "")) {
            String page = page(3 * 1024 * 1024, 9);
            disk.origin.on("/disk.html", html("text/html; charset=utf-8", "max-age=300").setBody(page));
            String expected = injected(page, StandardCharsets.UTF_8);

            try (Response first = disk.http.newCall(disk.get("/disk.html").build()).execute()) {
                assertThat(first.header("X-Cache")).isEqualTo("MISS");
                assertThat(first.header("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(first.body().string()).isEqualTo(expected);
            }
            await().untilAsserted(() -> assertThat(disk.edge.cache().lookup("http://www.acme.test/disk.html", name -> List.of())
                    .response()).isNotNull());
            CachedResponse stored = disk.edge.cache().lookup("http://www.acme.test/disk.html", name -> List.of()).response();
            assertThat(StandardCharsets.UTF_8.decode(stored.body()).toString()).as("stored as the origin sent it").isEqualTo(page);

            try (Response second = disk.http.newCall(disk.get("/disk.html").build()).execute()) {
                assertThat(second.header("X-Cache")).isEqualTo("HIT");
                assertThat(second.header("Content-Length")).isEqualTo(Integer.toString(expected.getBytes(StandardCharsets.UTF_8).length));
                assertThat(second.body().string()).isEqualTo(expected);
            }
            assertThat(disk.origin.hits("/disk.html")).isEqualTo(1);
        }
    }

    @Test
    void aStreamedGzipPageIsDecodedInjectedAndSentGzipped() throws IOException {
        String page = page(300_000, 3);
        byte[] gz = gzip(page.getBytes(StandardCharsets.UTF_8));
        f.origin.on("/gz.html", html("text/html; charset=utf-8", "private").setHeader("Content-Encoding", "gzip")
                .setHeader("Vary", "Accept-Encoding").setChunkedBody(new Buffer().write(gz), 1000));

        Got got = fetchUnstored("/gz.html", "Accept-Encoding", "gzip");

        assertThat(got.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(got.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(got.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(new String(gunzip(got.body()), StandardCharsets.UTF_8)).isEqualTo(injected(page, StandardCharsets.UTF_8));
    }

    @Test
    void aStoredGzipPageIsInjectedOnEveryHitAndStaysGzipped() throws IOException {
        String page = page(100_000, 4);
        f.origin.on("/stored-gz.html", html("text/html; charset=utf-8", "max-age=300").setHeader("Content-Encoding", "gzip")
                .setHeader("Vary", "Accept-Encoding").setBody(new Buffer().write(gzip(page.getBytes(StandardCharsets.UTF_8)))));

        for (String expectedCache : new String[] {"MISS", "HIT"}) {
            Got got = fetch("/stored-gz.html", "Accept-Encoding", "gzip");
            assertThat(got.header("X-Cache")).isEqualTo(expectedCache);
            assertThat(got.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(Long.parseLong(got.header("Content-Length"))).isEqualTo(got.body().length);
            assertThat(new String(gunzip(got.body()), StandardCharsets.UTF_8)).isEqualTo(injected(page, StandardCharsets.UTF_8));
        }
        assertThat(f.origin.hits("/stored-gz.html")).isEqualTo(1);
    }

    @Test
    void aSmallStreamedPageWithAKnownLengthKeepsAnExactContentLengthAndIsPadded() throws IOException {
        String tiny = "<html><body>hi</body></html>";
        f.origin.on("/tiny.html", html("text/html", "private").setBody(tiny));

        Got got = fetchUnstored("/tiny.html");
        String body = new String(got.body(), StandardCharsets.ISO_8859_1);

        assertThat(got.header("Content-Length")).isEqualTo(Integer.toString(got.body().length));
        assertThat(body).startsWith(SCRIPTS.start() + "<html><body>hi<!-- meridian: padding").endsWith("</body></html>");
        int between = body.indexOf("<script>(function") - SCRIPTS.start().length();
        assertThat(between).isGreaterThanOrEqualTo(1000);
        assertThat(body).contains("r=" + between + "*8/");
    }

    @Test
    void aStreamedSingleByteCharsetPageKeepsItsBytes() throws IOException {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        String page = page(20_000, 5).replace("caf\u00e9", "\u00fcber \u00bd \u00e6");
        f.origin.on("/latin1.html", html("text/html; charset=ISO-8859-1", "private")
                .setChunkedBody(new Buffer().write(page.getBytes(latin1)), 333));

        Got got = fetchUnstored("/latin1.html");

        assertThat(got.header("Content-Type")).isEqualTo("text/html; charset=ISO-8859-1");
        assertThat(got.body()).isEqualTo(injected(page, latin1).getBytes(latin1));
    }

    @Test
    void aStreamedPageTheOriginCutsOffIsCutOffForTheClientToo() {
        String page = page(600_000, 10);
        f.origin.on("/cut.html", html("text/html; charset=utf-8", "private").setBody(page)
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

        // Never a complete-looking page with the end script after a body that was not all there.
        assertThatThrownBy(() -> fetchUnstored("/cut.html")).isInstanceOf(IOException.class);
    }

    @Test
    void noTransformAndNonHtmlStreamsGoOutAsTheOriginSentThem() throws IOException {
        String page = page(5_000, 6).replace("caf\u00e9", "cafe");
        f.origin.on("/nt.html", html("text/html", "private, no-transform").setBody(page));
        f.origin.on("/page.txt", html("text/plain", "private").setBody(page));
        f.origin.on("/gone.html", html("text/html", "private").setResponseCode(404).setBody(page));

        for (String path : new String[] {"/nt.html", "/page.txt", "/gone.html"}) {
            Got got = fetchUnstored(path);
            assertThat(new String(got.body(), StandardCharsets.ISO_8859_1)).as(path).isEqualTo(page);
            assertThat(got.header("ETag")).as(path).isEqualTo("\"v7\"");
            assertThat(got.header("Content-Length")).as(path).isEqualTo(Integer.toString(page.length()));
            assertThat(got.header("Accept-CH")).as(path).isNull();
        }
    }
}
