package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import dev.meridian.edge.tls.TestCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keep-alive connections to an origin that closes them when idle (as Node.js and Apache do after
 * their 5 s keep-alive timeout, here after 1 s) never turn a client's request into an error, through
 * real sockets; over https as over http (the origin's certificate from a test CA it names), where the
 * origin's close sends a close_notify alert the edge must not take for the start of a response.
 */
class OriginKeepAliveTest {
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final Pattern CLOSED_CONNECTION_RESENDS =
            Pattern.compile("meridian_edge_origin_resends_total\\{pop=\"sjc\",reason=\"closed-connection\"} (\\S+)");

    @TempDir
    static Path certificates;
    private static TestCa ca;
    private static SSLContext originTls;

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

    @ParameterizedTest(name = "https: {0}")
    @ValueSource(booleans = {false, true})
    void everyMethodSentAfterTheOriginClosedTheIdleConnectionSilentlySucceeds(boolean https) throws Exception {
        origin = origin(1000, https);
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
        assertThat(closedConnectionResends()).isEqualTo(METHODS.size());
    }

    /**
     * The origin names no keep-alive timeout and the edge would keep connections longer than it does:
     * a burst of writes and reads that meets the connections the origin closed gets no 502, and each
     * request reaches the origin once, with its body.
     */
    @ParameterizedTest(name = "https: {0}")
    @ValueSource(booleans = {false, true})
    void aMixedBurstAfterTheOriginSilentlyClosedItsIdleConnectionsGetsNo502(boolean https) throws Exception {
        origin = origin(1000, https);
        start("idleTimeout: 10s");
        List<String> mixed = List.of("PUT", "POST", "GET");
        assertThat(burst("warm", mixed, 12)).containsOnly(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.openConnections() == 0);

        assertThat(burst("after", mixed, 30)).containsOnly(200);

        for (int i = 0; i < 30; i++) {
            String method = mixed.get(i % mixed.size());
            String path = burstPath("after", method, i);
            int bodyLength = method.equals("GET") ? 0 : burstBody(i).length();
            assertThat(origin.receivedFor(path)).containsExactly(method + " " + path + " " + bodyLength);
        }
        assertThat(closedConnectionResends()).as("requests met pooled connections the origin had closed").isPositive();
    }

    /** Once the origin has begun its response, the request may have been acted on: a POST is not sent twice. */
    @ParameterizedTest(name = "https: {0}")
    @ValueSource(booleans = {false, true})
    void aPostWhoseResponseTheOriginCutShortIsNotSentAgain(boolean https) throws Exception {
        origin = origin(0, https);
        start("idleTimeout: 10s");
        assertThat(fetch("GET", "/warm")).isEqualTo(200);
        origin.cutShortPath = "/cut";

        assertThat(fetch("POST", "/cut")).isEqualTo(502);

        assertThat(origin.receivedFor("/cut")).containsExactly("POST /cut 5");
        assertThat(origin.accepted()).as("sent on the pooled connection, and on no other").isEqualTo(1);
        assertThat(closedConnectionResends()).isZero();
    }

    @Test
    void aBurstOfWritesAfterTheKeepAliveTimeoutGetsNo502() throws Exception {
        origin = new IdleClosingOrigin(1000, "timeout=1");
        start("idleTimeout: 10s");
        assertThat(burst("put", List.of("PUT"), 40)).containsOnly(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.openConnections() == 0);
        assertThat(burst("post", List.of("POST"), 40)).containsOnly(200);
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

    /** An origin closing connections idle for {@code idleCloseMillis} (0: never) that names no keep-alive timeout. */
    private static IdleClosingOrigin origin(int idleCloseMillis, boolean https) throws Exception {
        return new IdleClosingOrigin(idleCloseMillis, null, 0, https ? originTls() : null);
    }

    /** The https origins' certificate, for {@code localhost}, from a CA made once for the class (keytool is slow). */
    private static synchronized SSLContext originTls() throws Exception {
        if (originTls == null) {
            ca = TestCa.create(certificates);
            originTls = ca.issue("idle-closing-origin", "localhost", "EC").serverContext();
        }
        return originTls;
    }

    /** An edge in front of the origin; an https origin's CA is named in its config. */
    private void start(String originFields) {
        String fields = origin.url().startsWith("https:")
                ? originFields + ", tls: { ca: \"" + ca.caCertificate() + "\" }" : originFields;
        edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePopWithOriginFields(origin.url(), fields)), "sjc");
    }

    private double closedConnectionResends() {
        Matcher m = CLOSED_CONNECTION_RESENDS.matcher(edge.registry().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private int fetch(String method, String path) throws IOException {
        try (Response r = client.newCall(request(method, path, "hello")).execute()) {
            return r.code();
        }
    }

    /** The status codes of {@code n} requests sent at once, their methods taken in turn from {@code methods}. */
    private List<Integer> burst(String round, List<String> methods, int n) throws Exception {
        List<CompletableFuture<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> code = new CompletableFuture<>();
            String method = methods.get(i % methods.size());
            client.newCall(request(method, burstPath(round, method, i), burstBody(i))).enqueue(new Callback() {
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

    private static String burstPath(String round, String method, int i) {
        return "/burst/" + round + "/" + method + "/" + i;
    }

    private static String burstBody(int i) {
        return "{\"n\":" + i + "}";
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
