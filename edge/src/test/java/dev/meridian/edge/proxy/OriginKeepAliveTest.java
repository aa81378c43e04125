package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive connections to an origin that closes them when idle (as Node.js and Apache do after
 * their 5 s keep-alive timeout, here after 1 s) never turn a client's request into an error, through
 * real sockets.
 */
class OriginKeepAliveTest {
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final OkHttpClient client = client();
    private IdleClosingOrigin origin;
    private EdgeServer edge;

    @AfterEach
    void stop() throws IOException {
        if (edge != null) {
            edge.close();
        }
        if (origin != null) {
            origin.close();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void everyMethodSentAfterTheOriginClosedTheIdleConnectionSilentlySucceeds() throws IOException {
        origin = new IdleClosingOrigin(1000, null);
        // The edge would keep the connection for 10 s: each request meets a connection the origin has closed.
        start("idleTimeout: 10s");
        for (String method : METHODS) {
            // A pooled connection, left until the origin closes it.
            assertThat(fetch("GET", "/prime/" + method)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> origin.openConnections() == 0);
            try (Response r = client.newCall(request(method, "/ka/" + method, "hello")).execute()) {
                assertThat(r.code()).as(method).isEqualTo(200);
                if (!method.equals("HEAD")) {
                    assertThat(r.body().string()).startsWith(method + " /ka/" + method + " ");
                }
            }
            // The connection it went again on is not kept.
            await().atMost(Duration.ofSeconds(10)).until(() -> origin.openConnections() == 0);
        }
        for (String method : METHODS) {
            // Sent once on the dead connection (never read) and once on a fresh one: the origin saw it once.
            assertThat(origin.receivedFor("/ka/" + method)).as(method).hasSize(1);
        }
        assertThat(origin.receivedFor("/ka/POST")).containsExactly("POST /ka/POST 5");
        // Each request found its pooled connection closed and needed one of its own.
        assertThat(origin.accepted()).isEqualTo(2 * METHODS.size());
        assertThat(origin.closedIdle()).isEqualTo(METHODS.size());
        assertThat(edge.registry().scrape()).contains(
                "meridian_edge_origin_resends_total{pop=\"sjc\",reason=\"closed-connection\"} " + METHODS.size() + ".0");
    }

    @Test
    void aBurstOfWritesAfterTheKeepAliveTimeoutGetsNo502() throws Exception {
        origin = new IdleClosingOrigin(1000, "timeout=1");
        start("idleTimeout: 10s");
        assertThat(burst("PUT", 40)).containsOnly(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.openConnections() == 0);
        assertThat(burst("POST", 40)).containsOnly(200);
        assertThat(origin.received).hasSize(80);
    }

    @Test
    void aConnectionIdlePastTheOriginsAnnouncedTimeoutIsNotReused() throws IOException {
        // Announces 2 s but never closes: only the announcement can make the edge let go (after 1 s).
        origin = new IdleClosingOrigin(0, "timeout=2, max=100");
        start("idleTimeout: 10s");
        assertThat(fetch("GET", "/a")).isEqualTo(200);
        assertThat(fetch("POST", "/b")).isEqualTo(200);
        assertThat(origin.accepted()).as("back to back, the connection is reused").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.millisSinceLastResponse() >= 1300);
        assertThat(fetch("PUT", "/c")).isEqualTo(200);
        assertThat(origin.accepted()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.closedByPeer() == 1);
    }

    @Test
    void aBodyTooLargeToReplayIsNotSentTwice() throws IOException {
        origin = new IdleClosingOrigin(1000, null);
        start("idleTimeout: 10s");
        assertThat(fetch("GET", "/warm")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.closedIdle() == 1);
        String big = "x".repeat(ForwardedBody.REPLAYABLE_LIMIT * 4);
        try (Response r = client.newCall(request("POST", "/big", big)).execute()) {
            assertThat(r.code()).isEqualTo(502);
        }
        assertThat(origin.receivedFor("/big")).isEmpty();
        assertThat(origin.accepted()).isEqualTo(1);
        // Small enough to buffer, the same request goes again on a fresh connection.
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.openConnections() == 0);
        assertThat(fetch("POST", "/small")).isEqualTo(200);
    }

    private void start(String originFields) {
        edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePopWithOriginFields(origin.url(), originFields)), "sjc");
    }

    private int fetch(String method, String path) throws IOException {
        try (Response r = client.newCall(request(method, path, "hello")).execute()) {
            return r.code();
        }
    }

    private List<Integer> burst(String method, int n) throws Exception {
        List<CompletableFuture<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> code = new CompletableFuture<>();
            client.newCall(request(method, "/burst/" + method + "/" + i, "{\"n\":" + i + "}")).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    code.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        code.complete(response.code());
                    }
                }
            });
            codes.add(code);
        }
        List<Integer> out = new ArrayList<>();
        for (CompletableFuture<Integer> c : codes) {
            out.add(c.get(20, TimeUnit.SECONDS));
        }
        return out;
    }

    private Request request(String method, String path, String body) {
        boolean withBody = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        return new Request.Builder()
                .url("http://127.0.0.1:" + edge.httpAddress().getPort() + path)
                .header("Host", "acme.cdn.test")
                .method(method, withBody ? RequestBody.create(body.getBytes(StandardCharsets.UTF_8)) : null)
                .build();
    }

    private static OkHttpClient client() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(100);
        dispatcher.setMaxRequestsPerHost(100);
        return new OkHttpClient.Builder().dispatcher(dispatcher).retryOnConnectionFailure(false)
                .readTimeout(15, TimeUnit.SECONDS).build();
    }
}
