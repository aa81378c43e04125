package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.purge.PurgeProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's numbered purges on one edge's admin {@code /purge}, with a scripted console feed: the
 * node token, the number and the customer's scope, and a gap that makes the edge fetch what it missed.
 */
class ConsolePurgeTest {
    private static final String NODE_TOKEN = "sjc-node-token-0123456789";
    private static final String ACME = "acme-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final MockWebServer console = new MockWebServer();
    /** What the feed serves: the JSON of the purges after 0. */
    private volatile String feed = "[]";
    private volatile long head;
    private final List<String> feedAsked = new CopyOnWriteArrayList<>();
    private EdgeFixture f;

    @BeforeEach
    void start() throws Exception {
        console.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                feedAsked.add(request.getPath() + " " + request.getHeader("Authorization"));
                boolean fromStart = request.getRequestUrl().queryParameter("after").equals("0");
                String purges = "0".equals(request.getRequestUrl().queryParameter("limit")) || !fromStart ? "[]" : feed;
                return new MockResponse().setHeader("Content-Type", "application/json")
                        .setBody("{\"head\": " + head + ", \"purges\": " + purges + "}");
            }
        });
        console.start(InetAddress.getLoopbackAddress(), 0);
        f = new EdgeFixture(this::config);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.fetch("/healthz-is-not-this").code() != 503);
    }

    private MeridianConfig config(String originUrl) {
        String yaml = """
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 }
                    cache: { memory: 64MB, disk: { dir: "%s", size: 64MB } }
                customers:
                  - id: acme
                    adminTokens: [ "%s" ]
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "%s" } ] } ]
                  - id: globex
                    properties: [ { host: globex.cdn.test, origins: [ { host: www.globex.test, url: "%s" } ] } ]
                console:
                  url: http://127.0.0.1:%d
                  nodes: [ { id: sjc, role: EDGE, token: %s } ]
                  purge: { startWait: 1m, pollEvery: 10m }
                  usage: { spoolDir: "%s" }
                  accessLogs: { dir: "%s" }
                """.formatted(dir, ACME, originUrl, originUrl, console.getPort(), NODE_TOKEN, dir.resolve("spool"),
                dir.resolve("access-logs"));
        try {
            return new ConfigLoader(name -> null).loadYaml("test", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        f.close();
        console.shutdown();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer push(String seq, String customer, String json) throws Exception {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + f.edge.adminAddress().getPort() + "/purge")
                .header("Authorization", "Bearer " + NODE_TOKEN)
                .post(RequestBody.create(json, MediaType.get("application/json")));
        if (seq != null) {
            b.header(PurgeProtocol.SEQUENCE_HEADER, seq);
        }
        if (customer != null) {
            b.header(PurgeProtocol.CUSTOMER_HEADER, customer);
        }
        try (Response r = f.client.newCall(b.build()).execute()) {
            return new Answer(r.code(), JSON.readTree(r.body().string()));
        }
    }

    private void cache(String path) throws Exception {
        f.origin.on(path, new MockResponse().setBody("body of " + path).setHeader("Cache-Control", "max-age=600"));
        f.fetch(path);
        assertThat(f.fetch(path).cache()).isEqualTo("HIT");
    }

    @Test
    void aNumberedPurgeFromTheConsoleIsAppliedInTheCustomersScopeAndOnlyOnce() throws Exception {
        cache("/a.jpg");
        assertThat(feedAsked).first().asString().startsWith(PurgeProtocol.FEED_PATH + "?after=0&limit=0").endsWith("Bearer " + NODE_TOKEN);

        Answer first = push("1", "acme", "{\"url\": \"http://acme.cdn.test/a.jpg\"}");
        Answer again = push("1", "acme", "{\"url\": \"http://acme.cdn.test/a.jpg\"}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("seq").asLong()).isEqualTo(1);
        assertThat(first.body().path("purged").asInt()).isEqualTo(1);
        assertThat(again.body().path("alreadyApplied").asBoolean()).isTrue();
        assertThat(f.fetch("/a.jpg").cache()).isEqualTo("MISS");
    }

    @Test
    void theConsolesTokenNeedsTheNumberAndTheCustomersScopeStillHolds() throws Exception {
        assertThat(push(null, null, "{\"host\": \"acme.cdn.test\"}").status()).isEqualTo(400);
        assertThat(push("1", "globex", "{\"host\": \"acme.cdn.test\"}").status()).isEqualTo(403);
        assertThat(push("1", "initech", "{\"host\": \"acme.cdn.test\"}").status()).isEqualTo(400);
    }

    @Test
    void aGapInTheNumbersFetchesTheMissedPurgesBeforeApplyingTheNextOne() throws Exception {
        cache("/a.jpg");
        cache("/b.jpg");
        feed = """
                [ { "seq": 1, "kind": "url", "target": "http://acme.cdn.test/a.jpg", "soft": false, "customer": "acme" },
                  { "seq": 2, "kind": "url", "target": "http://acme.cdn.test/b.jpg", "soft": false, "customer": null } ]""";
        head = 2;

        Answer second = push("2", null, "{\"url\": \"http://acme.cdn.test/b.jpg\"}");

        assertThat(second.status()).isEqualTo(200);
        assertThat(feedAsked).anySatisfy(asked -> assertThat(asked).startsWith(PurgeProtocol.FEED_PATH + "?after=0&limit=500"));
        assertThat(f.fetch("/a.jpg").cache()).as("purge 1, missed, was fetched and applied").isEqualTo("MISS");
        assertThat(f.fetch("/b.jpg").cache()).isEqualTo("MISS");
    }

    @Test
    void aDirectPurgeWithACustomersTokenStillWorksAlongside() throws Exception {
        cache("/a.jpg");
        Request request = new Request.Builder().url("http://127.0.0.1:" + f.edge.adminAddress().getPort() + "/purge")
                .header("Authorization", "Bearer " + ACME)
                .post(RequestBody.create("{\"url\": \"http://acme.cdn.test/a.jpg\"}", MediaType.get("application/json"))).build();
        try (Response r = f.client.newCall(request).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(JSON.readTree(r.body().string()).has("seq")).isFalse();
        }
        assertThat(f.fetch("/a.jpg").cache()).isEqualTo("MISS");
    }
}
