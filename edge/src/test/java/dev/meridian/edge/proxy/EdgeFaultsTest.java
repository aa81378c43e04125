package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.edge.TestConfigs;
import dev.meridian.edge.testing.ScriptedOrigin;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    /**
     * A thread per client that blocks inside the edge: Java 25's default async pool on a 2-core machine runs
     * one task at a time, so a second client would wait behind the first instead of joining its fill.
     */
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private EdgeFixture f;

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
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
            f.origin.on(path, r -> {
                ScriptedOrigin.awaitQuietly(answer);
                return personal.apply(r);
            }, personal);
            CompletableFuture<EdgeFixture.Fetched> alice = CompletableFuture.supplyAsync(() -> fetch(path, "u=alice"), clients);
            await().atMost(Duration.ofSeconds(10)).until(() -> f.origin.hits(path) == 1);
            CompletableFuture<EdgeFixture.Fetched> bob = CompletableFuture.supplyAsync(() -> fetch(path, "u=bob"), clients);
            // Bob is in the edge, waiting on Alice's fill, before the origin answers it.
            await().atMost(Duration.ofSeconds(10)).until(() -> f.edge.registry().get("meridian.edge.requests.in.flight")
                    .gauge().value() == 2);
            answer.countDown();

            assertThat(alice.get(10, TimeUnit.SECONDS).body()).as(cacheControl).isEqualTo("for u=alice");
            assertThat(bob.get(10, TimeUnit.SECONDS).body()).as(cacheControl).isEqualTo("for u=bob");
            assertThat(f.origin.hits(path)).isEqualTo(2);
        }
    }

    @Test
    void waitersOnAFillThatAPurgeOvertookGetAFreshFillNotThePurgedContent() throws Exception {
        f = new EdgeFixture();
        CountDownLatch answer = new CountDownLatch(1);
        f.origin.on("/news", r -> {
            ScriptedOrigin.awaitQuietly(answer);
            return new MockResponse().setBody("before the purge").setHeader("Cache-Control", "max-age=60");
        }, r -> new MockResponse().setBody("after the purge").setHeader("Cache-Control", "max-age=60"));
        CompletableFuture<EdgeFixture.Fetched> first = CompletableFuture.supplyAsync(() -> fetch("/news", "a=1"), clients);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.origin.hits("/news") == 1);
        CompletableFuture<EdgeFixture.Fetched> waiter = CompletableFuture.supplyAsync(() -> fetch("/news", "a=2"), clients);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.edge.registry().get("meridian.edge.requests.in.flight")
                .gauge().value() == 2);
        purge("http://acme.cdn.test/news");
        answer.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("before the purge");
        EdgeFixture.Fetched waited = waiter.get(10, TimeUnit.SECONDS);
        assertThat(waited.body()).isEqualTo("after the purge");
        assertThat(waited.cache()).as("a fill of its own, kept").isEqualTo("MISS");
        assertThat(f.fetch("/news").cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/news")).isEqualTo(2);
    }

    @Test
    void waitersOnARevalidationThatAPurgeOvertookGetAFreshFillNotThePurgedContent() throws Exception {
        f = new EdgeFixture();
        CountDownLatch answer = new CountDownLatch(1);
        f.origin.on("/quote",
                r -> new MockResponse().setBody("before the purge").setHeader("ETag", "\"v1\"")
                        .setHeader("Cache-Control", "max-age=0"),
                r -> {
                    ScriptedOrigin.awaitQuietly(answer);
                    return new MockResponse().setResponseCode(304).setHeader("ETag", "\"v1\"")
                            .setHeader("Cache-Control", "max-age=60");
                },
                r -> new MockResponse().setBody("after the purge").setHeader("ETag", "\"v2\"")
                        .setHeader("Cache-Control", "max-age=60"));
        assertThat(f.fetch("/quote").cache()).isEqualTo("MISS");
        CompletableFuture<EdgeFixture.Fetched> revalidating = CompletableFuture.supplyAsync(() -> fetch("/quote", "a=1"), clients);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.origin.hits("/quote") == 2);
        CompletableFuture<EdgeFixture.Fetched> waiter = CompletableFuture.supplyAsync(() -> fetch("/quote", "a=2"), clients);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.edge.registry().get("meridian.edge.requests.in.flight")
                .gauge().value() == 2);
        purge("http://acme.cdn.test/quote");
        answer.countDown();

        assertThat(revalidating.get(10, TimeUnit.SECONDS).cache()).isEqualTo("REVALIDATED");
        EdgeFixture.Fetched waited = waiter.get(10, TimeUnit.SECONDS);
        assertThat(waited.body()).isEqualTo("after the purge");
        assertThat(waited.cache()).as("a fill of its own, kept").isEqualTo("MISS");
        assertThat(f.fetch("/quote").body()).isEqualTo("after the purge");
        assertThat(f.origin.hits("/quote")).isEqualTo(3);
    }

    private void purge(String url) throws IOException {
        Request purge = new Request.Builder().url("http://127.0.0.1:" + f.edge.adminAddress().getPort() + "/purge")
                .header("Authorization", "Bearer acme-token-0123456789abcdef")
                .post(RequestBody.create("{\"url\": \"" + url + "\"}",
                        MediaType.get("application/json"))).build();
        try (Response r = f.client.newCall(purge).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
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
        f.origin.on("/cold", new MockResponse().setBody("coalesced").setHeader("Cache-Control", "max-age=60")
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
        assertThat(f.origin.hits("/cold")).isEqualTo(1);
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
        f.origin.on("/hang", new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
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
        f.origin.on("/trickle", new MockResponse().setBody("x".repeat(1000)).setHeader("Cache-Control", "max-age=60")
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
        f.origin.on("/slow-big", r -> new MockResponse().setBody(new Buffer().write(big))
                .throttleBody(256 * 1024, 350, TimeUnit.MILLISECONDS));
        try (Response r = f.get("/slow-big")) {
            assertThat(r.header("X-Cache")).isEqualTo("PASS");
            assertThat(sha(r.body().byteStream())).isEqualTo(sha(new ByteArrayInputStream(big)));
        }
    }

    @Test
    void lyingContentLengthIsNeverCached() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/lie", new MockResponse().setBody("short").setHeader("Content-Length", "100")
                .setHeader("Cache-Control", "max-age=60").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        assertThat(f.fetch("/lie").code()).isEqualTo(502);
        assertThat(f.fetch("/lie").code()).isEqualTo(502);
        assertThat(f.origin.hits("/lie")).isEqualTo(2);
        f.origin.on("/fine", new MockResponse().setBody("fine").setHeader("Cache-Control", "max-age=60"));
        assertThat(f.fetch("/fine").body()).as("edge keeps serving").isEqualTo("fine");
    }

    @Test
    void anOriginThatClosesWithoutAnsweringIs502() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/closed", new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        f.origin.on("/fine", new MockResponse().setBody("fine").setHeader("Cache-Control", "max-age=60"));
        assertThat(f.fetch("/closed").code()).isEqualTo(502);
        assertThat(f.fetch("/fine").body()).as("edge keeps serving").isEqualTo("fine");
    }

    @Test
    void anOrigin500IsPassedOnButNeverCached() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/fail", r -> new MockResponse().setResponseCode(500).setBody("origin broke"),
                r -> new MockResponse().setBody("healed").setHeader("Cache-Control", "max-age=60"));
        EdgeFixture.Fetched failed = f.fetch("/fail");
        assertThat(failed.code()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("origin broke");
        EdgeFixture.Fetched healed = f.fetch("/fail");
        assertThat(healed.code()).isEqualTo(200);
        assertThat(healed.body()).isEqualTo("healed");
        assertThat(f.origin.hits("/fail")).isEqualTo(2);
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
        f.origin.on("/big", r -> new MockResponse().setBody(new Buffer().write(big)).setHeader("Cache-Control", "max-age=60"));
        f.origin.on("/chunked", r -> new MockResponse().setChunkedBody(new Buffer().write(big), 64 * 1024)
                .setHeader("Cache-Control", "max-age=60"));
        for (String path : new String[] {"/big", "/chunked"}) {
            for (int i = 0; i < 2; i++) {
                try (Response r = f.get(path)) {
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.header("X-Cache")).isEqualTo("PASS");
                    assertThat(sha(r.body().byteStream())).isEqualTo(sha(new ByteArrayInputStream(big)));
                }
            }
            assertThat(f.origin.hits(path)).isEqualTo(2);
        }
        assertThat(f.edge.cache().memory().weightedSize()).isLessThan(1024 * 1024);
    }

    @Test
    void unknownHostIs404AndNeverReachesAnyOrigin() throws Exception {
        f = new EdgeFixture();
        EdgeFixture.Fetched r = f.fetch(f.request("/").header("Host", "evil.example").build());
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.body()).contains("evil.example").contains("not an open proxy");
        assertThat(f.origin.received()).isEmpty();
    }

    @Test
    void aHostTheConfigDoesNotNameIsNeverContactedHoweverTheClientNamesIt() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/in-path", new MockResponse().setBody("named").setHeader("Cache-Control", "max-age=60"));
        try (ScriptedOrigin bystander = ScriptedOrigin.start()) {
            String other = bystander.url().substring("http://".length());
            EdgeFixture.Fetched byHost = f.fetch(f.request("/secret").header("Host", other).build());
            assertThat(byHost.code()).isEqualTo(404);
            assertThat(byHost.body()).contains("not an open proxy");
            assertThat(raw("GET http://" + other + "/secret HTTP/1.1\r\nHost: " + other + "\r\n\r\n")).startsWith("HTTP/1.1 4");
            EdgeFixture.Fetched named = f.fetch("/www.acme.test/in-path");
            assertThat(named.code()).as("an origin in the path that the property names").isEqualTo(200);
            assertThat(named.body()).isEqualTo("named");
            f.fetch("/" + other + "/secret");
            f.fetch("/evil.example/secret");
            assertThat(bystander.received()).isEmpty();
        }
        assertThat(f.origin.received()).allSatisfy(r -> assertThat(r.getHeader("Host")).isEqualTo("www.acme.test"));
    }

    @Test
    void hostileRawRequestsGet400AndTheEdgeKeepsServing() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/ok", new MockResponse().setBody("ok").setHeader("Cache-Control", "max-age=60"));
        assertThat(raw("GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /a/../../etc/passwd HTTP/1.1\r\nHost: acme.cdn.test\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /a/%2e%2e/b HTTP/1.1\r\nHost: acme.cdn.test\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET / HTTP/1.1\r\nHost: acme.cdn.test\r\nHost: evil.example\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n")).matches("(?s)HTTP/1.1 4\\d\\d.*");
        assertThat(raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(f.origin.received()).isEmpty();
        assertThat(f.fetch("/ok").body()).isEqualTo("ok");
    }

    @Test
    void adminListenerServesMetricsAndHealth() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/m", new MockResponse().setBody("m").setHeader("Cache-Control", "max-age=60"));
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
                assertThat(text).as("speed-aware delivery's own counters").contains("meridian_edge_renders_total{",
                        "meridian_edge_prerenders_dropped_total{", "meridian_edge_injections_dropped_total{",
                        "meridian_edge_renditions_kept{");
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
