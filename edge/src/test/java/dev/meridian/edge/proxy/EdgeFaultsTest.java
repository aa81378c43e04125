package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.edge.TestConfigs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Coalescing, origin faults, oversized bodies, hostile input and the admin listener, through real sockets. */
class EdgeFaultsTest {
    private EdgeFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aResponseTheEdgeDoesNotStoreGoesOnlyToTheRequestWhoseHeadersTheOriginSaw() throws Exception {
        f = new EdgeFixture();
        for (String cacheControl : List.of("private, max-age=60", "no-store")) {
            String path = "/me-" + cacheControl.substring(0, 2);
            CountDownLatch answer = new CountDownLatch(1);
            Function<RecordedRequest, MockResponse> personal = r -> new MockResponse()
                    .setBody("for " + r.getHeader("Cookie")).setHeader("Cache-Control", cacheControl);
            f.on(path, r -> {
                EdgeFixture.awaitQuietly(answer);
                return personal.apply(r);
            }, personal);
            CompletableFuture<EdgeFixture.Fetched> alice = CompletableFuture.supplyAsync(() -> fetch(path, "u=alice"));
            await().atMost(Duration.ofSeconds(10)).until(() -> f.originHits(path) == 1);
            CompletableFuture<EdgeFixture.Fetched> bob = CompletableFuture.supplyAsync(() -> fetch(path, "u=bob"));
            // Bob is in the edge, waiting on Alice's fill, before the origin answers it.
            await().atMost(Duration.ofSeconds(10)).until(() -> f.edge.registry().get("meridian.edge.requests.in.flight")
                    .gauge().value() == 2);
            answer.countDown();

            assertThat(alice.get(10, TimeUnit.SECONDS).body()).as(cacheControl).isEqualTo("for u=alice");
            assertThat(bob.get(10, TimeUnit.SECONDS).body()).as(cacheControl).isEqualTo("for u=bob");
            assertThat(f.originHits(path)).isEqualTo(2);
        }
    }

    @Test
    void waitersOnAFillThatAPurgeOvertookGetAFreshFillNotThePurgedContent() throws Exception {
        f = new EdgeFixture();
        CountDownLatch answer = new CountDownLatch(1);
        f.on("/news", r -> {
            EdgeFixture.awaitQuietly(answer);
            return new MockResponse().setBody("before the purge").setHeader("Cache-Control", "max-age=60");
        }, r -> new MockResponse().setBody("after the purge").setHeader("Cache-Control", "max-age=60"));
        CompletableFuture<EdgeFixture.Fetched> first = CompletableFuture.supplyAsync(() -> fetch("/news", "a=1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.originHits("/news") == 1);
        CompletableFuture<EdgeFixture.Fetched> waiter = CompletableFuture.supplyAsync(() -> fetch("/news", "a=2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.edge.registry().get("meridian.edge.requests.in.flight")
                .gauge().value() == 2);
        Request purge = new Request.Builder().url("http://127.0.0.1:" + f.edge.adminAddress().getPort() + "/purge")
                .header("Authorization", "Bearer acme-token-0123456789abcdef")
                .post(RequestBody.create("{\"url\": \"http://acme.cdn.test/news\"}",
                        MediaType.get("application/json"))).build();
        try (Response r = f.client.newCall(purge).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        answer.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("before the purge");
        EdgeFixture.Fetched waited = waiter.get(10, TimeUnit.SECONDS);
        assertThat(waited.body()).isEqualTo("after the purge");
        assertThat(waited.cache()).as("a fill of its own, kept").isEqualTo("MISS");
        assertThat(f.fetch("/news").cache()).isEqualTo("HIT");
        assertThat(f.originHits("/news")).isEqualTo(2);
    }

    private EdgeFixture.Fetched fetch(String path, String cookie) {
        try {
            return f.fetch(f.request(path).header("Cookie", cookie).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fiveHundredConcurrentRequestsForOneColdKeyReachTheOriginOnce() throws Exception {
        f = new EdgeFixture();
        f.on("/cold", new MockResponse().setBody("coalesced").setHeader("Cache-Control", "max-age=60")
                .setHeadersDelay(500, TimeUnit.MILLISECONDS));
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            CompletableFuture<String> result = new CompletableFuture<>();
            results.add(result);
            f.client.newCall(f.request("/cold").build()).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    result.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) throws IOException {
                    try (response) {
                        result.complete(response.code() + " " + response.body().string());
                    }
                }
            });
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        assertThat(results).allSatisfy(r -> assertThat(r.join()).isEqualTo("200 coalesced"));
        assertThat(f.originHits("/cold")).isEqualTo(1);
    }

    @Test
    void refusedOriginIs502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        f = new EdgeFixture(url -> TestConfigs.onePop("http://127.0.0.1:" + closedPort));
        EdgeFixture.Fetched r = f.fetch("/x");
        assertThat(r.code()).isEqualTo(502);
        assertThat(r.body()).contains("refused");
    }

    @Test
    void hangingOriginIs504AfterTheReadTimeout() throws Exception {
        f = new EdgeFixture();
        f.on("/hang", new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        long t0 = System.nanoTime();
        EdgeFixture.Fetched r = f.fetch("/hang");
        assertThat(r.code()).isEqualTo(504);
        assertThat(r.body()).contains("timed out");
        // The 1 s read timeout answered, not the test client's own 10 s one (generous: the machine is shared).
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8_000);
    }

    @Test
    void originTricklingPastTheTotalTimeoutIs504() throws Exception {
        f = new EdgeFixture();
        // Each read arrives within the 1 s read timeout, but the whole body would take 4 s > 3 s total.
        f.on("/trickle", new MockResponse().setBody("x".repeat(1000)).setHeader("Cache-Control", "max-age=60")
                .throttleBody(100, 400, TimeUnit.MILLISECONDS));
        EdgeFixture.Fetched r = f.fetch("/trickle");
        assertThat(r.code()).isEqualTo(504);
        assertThat(r.body()).contains("timed out");
    }

    @Test
    void bigBodiesStreamPastTheTotalTimeout() throws Exception {
        f = new EdgeFixture();
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(3).nextBytes(big);
        // About 4 s in all, longer than the 3 s total timeout (only the fill phase is bounded by it);
        // pauses of 350 ms stay well inside the 1 s read timeout.
        f.on("/slow-big", r -> new MockResponse().setBody(new Buffer().write(big))
                .throttleBody(256 * 1024, 350, TimeUnit.MILLISECONDS));
        try (Response r = f.get("/slow-big")) {
            assertThat(r.header("X-Cache")).isEqualTo("PASS");
            assertThat(sha(r.body().byteStream())).isEqualTo(sha(new ByteArrayInputStream(big)));
        }
    }

    @Test
    void lyingContentLengthIsNeverCached() throws Exception {
        f = new EdgeFixture();
        f.on("/lie", new MockResponse().setBody("short").setHeader("Content-Length", "100")
                .setHeader("Cache-Control", "max-age=60").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        assertThat(f.fetch("/lie").code()).isEqualTo(502);
        assertThat(f.fetch("/lie").code()).isEqualTo(502);
        assertThat(f.originHits("/lie")).isEqualTo(2);
        f.on("/fine", new MockResponse().setBody("fine").setHeader("Cache-Control", "max-age=60"));
        assertThat(f.fetch("/fine").body()).as("edge keeps serving").isEqualTo("fine");
    }

    @Test
    void garbageFromOriginIs502() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!garbage.isClosed()) {
                    try (Socket s = garbage.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            f = new EdgeFixture(url -> TestConfigs.onePop("http://127.0.0.1:" + garbage.getLocalPort()));
            assertThat(f.fetch("/g").code()).isEqualTo(502);
        }
    }

    @Test
    void bodiesOverTheMaximumStreamThroughUncached() throws Exception {
        f = new EdgeFixture();
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        f.on("/big", r -> new MockResponse().setBody(new Buffer().write(big)).setHeader("Cache-Control", "max-age=60"));
        f.on("/chunked", r -> new MockResponse().setChunkedBody(new Buffer().write(big), 64 * 1024)
                .setHeader("Cache-Control", "max-age=60"));
        for (String path : new String[] {"/big", "/chunked"}) {
            for (int i = 0; i < 2; i++) {
                try (Response r = f.get(path)) {
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.header("X-Cache")).isEqualTo("PASS");
                    assertThat(sha(r.body().byteStream())).isEqualTo(sha(new ByteArrayInputStream(big)));
                }
            }
            assertThat(f.originHits(path)).isEqualTo(2);
        }
        assertThat(f.edge.cache().memory().weightedSize()).isLessThan(1024 * 1024);
    }

    @Test
    void unknownHostIs404AndNeverReachesAnyOrigin() throws Exception {
        f = new EdgeFixture();
        EdgeFixture.Fetched r = f.fetch(f.request("/").header("Host", "evil.example").build());
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.body()).contains("evil.example").contains("not an open proxy");
        assertThat(f.received).isEmpty();
    }

    @Test
    void hostileRawRequestsGet400AndTheEdgeKeepsServing() throws Exception {
        f = new EdgeFixture();
        f.on("/ok", new MockResponse().setBody("ok").setHeader("Cache-Control", "max-age=60"));
        assertThat(raw("GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /a/../../etc/passwd HTTP/1.1\r\nHost: acme.cdn.test\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /a/%2e%2e/b HTTP/1.1\r\nHost: acme.cdn.test\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET / HTTP/1.1\r\nHost: acme.cdn.test\r\nHost: evil.example\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n")).matches("(?s)HTTP/1.1 4\\d\\d.*");
        assertThat(raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(f.received).isEmpty();
        assertThat(f.fetch("/ok").body()).isEqualTo("ok");
    }

    @Test
    void adminListenerServesMetricsAndHealth() throws Exception {
        f = new EdgeFixture();
        f.on("/m", new MockResponse().setBody("m").setHeader("Cache-Control", "max-age=60"));
        f.fetch("/m");
        f.fetch("/m");
        String admin = "http://127.0.0.1:" + f.edge.adminAddress().getPort();
        try (Response health = f.client.newCall(new Request.Builder().url(admin + "/healthz").build()).execute()) {
            assertThat(health.code()).isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Response metrics = f.client.newCall(new Request.Builder().url(admin + "/metrics").build()).execute()) {
                String text = metrics.body().string();
                assertThat(text).contains("meridian_edge_requests_total{cache=\"HIT\",pop=\"sjc\"} 1.0");
                assertThat(text).contains("meridian_edge_requests_total{cache=\"MISS\",pop=\"sjc\"} 1.0");
                assertThat(text).contains("meridian_edge_origin_fetches_seconds_count{outcome=\"ok\",pop=\"sjc\"} 1");
                assertThat(text).contains("meridian_edge_cache_memory_bytes").contains("meridian_edge_cache_memory_hit_ratio")
                        .contains("meridian_edge_response_bytes_total");
            }
        });
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket(f.edge.httpAddress().getAddress(), f.edge.httpAddress().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    private static String sha(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
