package dev.meridian.originstub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.originstub.faults.FaultMode;
import dev.meridian.originstub.faults.FaultRule;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OriginStubTest {
    private static OriginStub stub;
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().retryOnConnectionFailure(false)
            .readTimeout(10, TimeUnit.SECONDS).build();

    @BeforeAll
    static void start() {
        stub = OriginStub.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.clearHeaderOverrides();
        stub.clearFaults();
        stub.resetCounts();
    }

    private static Response get(String path, String... headers) throws IOException {
        Request.Builder b = new Request.Builder().url(stub.baseUrl() + path);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.newCall(b.build()).execute();
    }

    private static String post(String path, String json) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(stub.baseUrl() + path)
                .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute()) {
            return r.body().string();
        }
    }

    @Test
    void healthSaysOk() throws IOException {
        try (Response r = get("/health")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo("ok");
        }
    }

    @Test
    void pagesPointAssetsAtTheCdnHostnameAndCarryValidators() throws IOException {
        try (Response r = get("/")) {
            String html = r.body().string();
            assertThat(r.header("Content-Type")).startsWith("text/html");
            assertThat(html).contains("src=\"http://acme.cdn.test/images/landscape-2mp.jpg\"")
                    .contains("href=\"http://acme.cdn.test/assets/site.css\"")
                    .contains("content version " + stub.contentVersion());
            assertThat(r.header("ETag")).startsWith("\"");
            assertThat(r.header("Last-Modified")).endsWith("GMT");
            assertThat(r.header("Date")).endsWith("GMT");
            assertThat(r.header("Cache-Control")).contains("max-age=60");
            assertThat(r.header("X-Content-Version")).isEqualTo(Integer.toString(stub.contentVersion()));
        }
        try (Response r = get("/assets/site.css")) {
            assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=86400");
        }
        try (Response r = get("/api/time.json")) {
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void answersConditionalsWith304UntilTheContentChanges() throws IOException {
        String etag;
        String lastModified;
        try (Response r = get("/api/catalog.json")) {
            etag = r.header("ETag");
            lastModified = r.header("Last-Modified");
        }
        try (Response r = get("/api/catalog.json", "If-None-Match", etag)) {
            assertThat(r.code()).isEqualTo(304);
            assertThat(r.header("ETag")).isEqualTo(etag);
            assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=30");
            assertThat(r.body().bytes()).isEmpty();
        }
        try (Response r = get("/api/catalog.json", "If-None-Match", "\"other\", W/" + etag)) {
            assertThat(r.code()).isEqualTo(304);
        }
        try (Response r = get("/api/catalog.json", "If-Modified-Since", lastModified)) {
            assertThat(r.code()).isEqualTo(304);
        }
        int next = stub.bumpContent();
        try (Response r = get("/api/catalog.json", "If-None-Match", etag)) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("ETag")).isNotEqualTo(etag);
            assertThat(r.header("X-Content-Version")).isEqualTo(Integer.toString(next));
            assertThat(r.body().string()).contains("\"contentVersion\":" + next);
        }
        try (Response r = get("/api/catalog.json", "If-Modified-Since", lastModified)) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    @Test
    void photosAreRealJpegsPaintedAtStartAndNamedWithTheVersion() throws IOException {
        byte[] jpeg;
        try (Response r = get("/images/landscape-2mp.jpg")) {
            assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
            jpeg = r.body().bytes();
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image.getWidth() * image.getHeight()).isGreaterThan(2_000_000);
        assertThat(new String(jpeg, 0, 200, StandardCharsets.ISO_8859_1))
                .contains("content-version=" + stub.contentVersion());
        assertThat(jpeg.length).as("noise makes it compress like a photo").isGreaterThan(100_000);
    }

    @Test
    void downloadsAreDeterministicExactLengthAndStreamed() throws Exception {
        String first;
        try (Response r = get("/downloads/1MB.bin")) {
            assertThat(r.header("Content-Length")).isEqualTo("1048576");
            first = sha256(r.body().byteStream());
        }
        try (Response r = get("/downloads/1MB.bin")) {
            assertThat(sha256(r.body().byteStream())).isEqualTo(first);
        }
        try (Response r = get("/downloads/50MB.bin")) {
            assertThat(r.header("Content-Length")).isEqualTo(Long.toString(50L << 20));
            long n = 0;
            byte[] buf = new byte[64 << 10];
            InputStream in = r.body().byteStream();
            for (int k; (k = in.read(buf)) > 0; ) {
                n += k;
            }
            assertThat(n).isEqualTo(50L << 20);
        }
    }

    @Test
    void generatedObjectsHaveTheAskedSizeCachingAndVersion() throws Exception {
        String etag;
        try (Response r = get("/objects/17?size=300000&cc=max-age%3D1%2C%20stale-if-error%3D60")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo("300000");
            assertThat(r.header("Cache-Control")).isEqualTo("max-age=1, stale-if-error=60");
            byte[] body = r.body().bytes();
            assertThat(body).hasSize(300_000);
            assertThat(new String(body, 0, 64, StandardCharsets.US_ASCII))
                    .startsWith("meridian-origin-stub /objects/17 content-version=" + stub.contentVersion() + "\n");
            etag = r.header("ETag");
        }
        try (Response r = get("/objects/17?size=300000&cc=max-age%3D1%2C%20stale-if-error%3D60", "If-None-Match", etag)) {
            assertThat(r.code()).isEqualTo(304);
        }
        try (Response r = get("/objects/17?size=1000")) {
            assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=86400");
            assertThat(r.header("ETag")).isNotEqualTo(etag);
        }
        try (Response r = get("/objects/17?size=999999999999")) {
            assertThat(r.code()).isEqualTo(400);
        }
    }

    @Test
    void greetingVariesOnAcceptLanguage() throws IOException {
        try (Response de = get("/api/greeting.json", "Accept-Language", "de-DE,de;q=0.9");
             Response en = get("/api/greeting.json", "Accept-Language", "en")) {
            assertThat(de.header("Vary")).isEqualTo("Accept-Language");
            assertThat(de.body().string()).contains("Hallo");
            assertThat(en.body().string()).contains("Hello");
            assertThat(de.header("ETag")).isNotEqualTo(en.header("ETag"));
        }
    }

    @Test
    void labUrlsTakeTheirCachingHeadersFromTheQuery() throws IOException {
        try (Response r = get("/lab/a?cc=max-age%3D5%2C%20stale-if-error%3D60&vary=X-Flavour&etag=off&size=2000",
                "X-Flavour", "mint")) {
            assertThat(r.header("Cache-Control")).isEqualTo("max-age=5, stale-if-error=60");
            assertThat(r.header("Vary")).isEqualTo("X-Flavour");
            assertThat(r.header("ETag")).isNull();
            String body = r.body().string();
            assertThat(body).startsWith("lab /lab/a content-version=").contains("X-Flavour=mint").hasSize(2000);
        }
    }

    @Test
    void aBadLabQueryIsAClearError() throws IOException {
        try (Response r = get("/lab/bad?size=lots")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("must be whole numbers");
        }
    }

    @Test
    void countsRequestsPerPathOverHttpAndInProcess() throws IOException {
        for (int i = 0; i < 3; i++) {
            get("/assets/site.js").close();
        }
        assertThat(stub.requestCount("/assets/site.js")).isEqualTo(3);
        try (Response r = get("/__stub/requests?path=/assets/site.js")) {
            assertThat(r.body().string()).isEqualTo("{\"path\":\"/assets/site.js\",\"count\":3}");
        }
        assertThat(stub.requestCount("/__stub/requests")).as("control calls are not site traffic").isZero();
    }

    @Test
    void bumpOverHttpChangesTheVersionInHeadersAndBodies() throws IOException {
        int before = stub.contentVersion();
        assertThat(post("/__stub/bump", "")).isEqualTo("{\"version\":" + (before + 1) + "}");
        try (Response r = get("/gallery.html")) {
            assertThat(r.header("X-Content-Version")).isEqualTo(Integer.toString(before + 1));
            assertThat(r.body().string()).contains("content version " + (before + 1));
        }
    }

    @Test
    void headerOverridesApplyTo304sWhileValidatorsStay() throws IOException {
        String etag;
        try (Response r = get("/lab/o?cc=max-age%3D1")) {
            etag = r.header("ETag");
        }
        post("/__stub/headers", "{\"pathPrefix\":\"/lab/o\",\"headers\":{\"Cache-Control\":\"max-age=60\",\"X-Marker\":\"two\"}}");
        try (Response r = get("/lab/o?cc=max-age%3D1", "If-None-Match", etag)) {
            assertThat(r.code()).isEqualTo(304);
            assertThat(r.header("Cache-Control")).isEqualTo("max-age=60");
            assertThat(r.header("X-Marker")).isEqualTo("two");
        }
        post("/__stub/headers", "{\"pathPrefix\":\"/lab/o\",\"headers\":{}}");
        try (Response r = get("/lab/o?cc=max-age%3D1")) {
            assertThat(r.header("X-Marker")).isNull();
        }
    }

    @Test
    void slowFaultDelaysOnlyItsPrefix() throws IOException {
        post("/__stub/fault", "{\"mode\":\"slow\",\"delayMs\":600,\"pathPrefix\":\"/api/\"}");
        long t0 = System.nanoTime();
        get("/api/catalog.json").close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        t0 = System.nanoTime();
        get("/health").close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void failFaultAnswers500AndOkClearsIt() throws IOException {
        post("/__stub/fault", "{\"mode\":\"fail\",\"status\":503}");
        try (Response r = get("/health")) {
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
        post("/__stub/fault", "{\"mode\":\"ok\"}");
        try (Response r = get("/health")) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    @Test
    void resetTruncateAndHangBreakTheExchange() throws IOException {
        stub.fault(FaultRule.of(FaultMode.RESET, "/lab/reset"));
        assertThatThrownBy(() -> get("/lab/reset").close()).isInstanceOf(IOException.class);

        stub.fault(FaultRule.of(FaultMode.TRUNCATE, "/downloads/"));
        try (Response r = get("/downloads/100KB.bin")) {
            assertThat(r.header("Content-Length")).isEqualTo("102400");
            assertThatThrownBy(() -> r.body().bytes()).isInstanceOf(IOException.class);
        }

        stub.fault(FaultRule.of(FaultMode.HANG, "/lab/hang"));
        OkHttpClient impatient = HTTP.newBuilder().readTimeout(300, TimeUnit.MILLISECONDS).build();
        assertThatThrownBy(() -> impatient.newCall(new Request.Builder().url(stub.baseUrl() + "/lab/hang").build())
                .execute().close()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void badControlRequestsGetClearErrors() throws IOException {
        assertThat(post("/__stub/fault", "{\"mode\":\"explode\"}")).contains("unknown fault mode 'explode'");
        assertThat(post("/__stub/fault", "not json")).contains("body is not JSON");
        try (Response r = get("/health")) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
