package dev.meridian.console.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import dev.meridian.uplink.purge.PurgeProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's purge API against three stub POPs: fan-out and acks, a POP down, scoping, rate limit, tags, the feed. */
class GlobalPurgeApiTest {
    static final String ACME = "acme-admin-token-000000";
    static final String GLOBEX = "globex-admin-token-00000";
    static final String OPERATOR = "operator-token-0000000000";
    private static final List<String> POPS = List.of("sjc", "iad", "fra");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;
    private final List<StubPop> stubs = new ArrayList<>();
    private ConsoleServer console;
    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().executor(clientThreads).build();

    @BeforeEach
    void start() throws Exception {
        start("{ ackWait: 1s, popTimeout: 300ms, retryFor: 1m, perSecond: 0.01, burst: 5 }");
    }

    void start(String purge) throws Exception {
        StringBuilder pops = new StringBuilder();
        StringBuilder nodes = new StringBuilder();
        for (String id : POPS) {
            StubPop stub = StubPop.start();
            stubs.add(stub);
            pops.append("  - { id: ").append(id).append(", edge: { http: 127.0.0.1:1, admin: 127.0.0.1:").append(stub.port()).append(" } }\n");
            nodes.append("    - { id: ").append(id).append(", role: EDGE, token: ").append(nodeToken(id)).append(" }\n");
        }
        String yaml = """
                pops:
                %s
                operatorTokens: [ %s ]
                customers:
                  - id: acme
                    adminTokens: [ %s ]
                    properties:
                      - { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ] }
                  - id: globex
                    adminTokens: [ %s ]
                    properties:
                      - { host: globex.cdn.test, origins: [ { host: www.globex.test, url: "http://127.0.0.1:1" } ] }
                console:
                  stateDir: %s
                  nodes:
                %s
                  purge: %s
                """.formatted(pops.toString().stripTrailing(), OPERATOR, ACME, GLOBEX, state, nodes.toString().stripTrailing(), purge);
        ConfigHolder config = new ConfigHolder(new ConfigLoader(Map.<String, String>of()::get).loadYaml("test.yaml", yaml));
        console = ConsoleServer.start(config, new HostPort("127.0.0.1", 0));
    }

    static String nodeToken(String pop) {
        return pop + "-node-token-0000000";
    }

    @AfterEach
    void stop() {
        console.close();
        stubs.forEach(StubPop::close);
        clientThreads.shutdownNow();
    }

    private HttpResponse<String> post(String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.url() + "/v1/purge"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.url() + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void purgesEveryPopInParallelAndReportsEachAckWithItsLatency() throws Exception {
        HttpResponse<String> response = post(ACME, "{\"url\": \"http://acme.cdn.test/images/a.jpg\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        long seq = answer.path("seq").asLong();
        assertThat(seq).isPositive();
        assertThat(answer.path("complete").asBoolean()).isTrue();
        assertThat(answer.path("pops")).extracting(p -> p.path("pop").asText()).containsExactlyElementsOf(POPS);
        assertThat(answer.path("pops")).allSatisfy(p -> {
            assertThat(p.path("acked").asBoolean()).isTrue();
            assertThat(p.path("latencyMs").asDouble()).isPositive();
        });
        for (int i = 0; i < POPS.size(); i++) {
            StubPop.Call call = stubs.get(i).calls().get(0);
            assertThat(call.header("Authorization")).isEqualTo("Bearer " + nodeToken(POPS.get(i)));
            assertThat(call.header(PurgeProtocol.SEQUENCE_HEADER)).isEqualTo(Long.toString(seq));
            assertThat(call.header(PurgeProtocol.CUSTOMER_HEADER)).isEqualTo("acme");
            assertThat(JSON.readTree(call.body()).path("url").asText()).isEqualTo("http://acme.cdn.test/images/a.jpg");
        }
        JsonNode status = JSON.readTree(get(ACME, "/v1/purge/" + seq).body());
        assertThat(status.path("complete").asBoolean()).isTrue();
        assertThat(status.path("pops")).allSatisfy(p -> assertThat(p.path("latencyMs").asDouble()).isPositive());
    }

    @Test
    void aPopThatIsDownLeavesThePurgePendingUntilItComesBack() throws Exception {
        int port = stubs.get(2).down();

        HttpResponse<String> response = post(OPERATOR, "{\"prefix\": \"http://acme.cdn.test/images/\", \"soft\": true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        long seq = answer.path("seq").asLong();
        assertThat(answer.path("pending")).extracting(JsonNode::asText).containsExactly("fra");
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/purge/" + seq);
        JsonNode fra = answer.path("pops").get(2);
        assertThat(fra.path("acked").asBoolean()).isFalse();
        assertThat(fra.path("error").asText()).isNotEmpty();
        assertThat(stubs.get(0).calls().get(0).header(PurgeProtocol.CUSTOMER_HEADER)).isNull();

        stubs.get(2).restart(port);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(get(OPERATOR, "/v1/purge/" + seq).body());
            assertThat(status.path("complete").asBoolean()).isTrue();
        });
        assertThat(JSON.readTree(stubs.get(2).calls().get(0).body()).path("soft").asBoolean()).isTrue();
    }

    @Test
    void aCustomerMayPurgeOnlyItsOwnHosts() throws Exception {
        HttpResponse<String> theirs = post(ACME, "{\"host\": \"globex.cdn.test\"}");
        HttpResponse<String> theirOrigin = post(ACME, "{\"url\": \"http://www.globex.test/a.jpg\"}");
        HttpResponse<String> nobodys = post(ACME, "{\"host\": \"nobody.cdn.test\"}");
        HttpResponse<String> malformed = post(ACME, "{\"url\": \"a\", \"host\": \"b\"}");
        HttpResponse<String> badToken = post("not-a-token-at-all-000", "{\"host\": \"acme.cdn.test\"}");

        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(theirOrigin.statusCode()).isEqualTo(403);
        assertThat(nobodys.statusCode()).isEqualTo(404);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(stubs).allSatisfy(s -> assertThat(s.calls()).isEmpty());
        assertThat(post(GLOBEX, "{\"host\": \"globex.cdn.test\"}").statusCode()).isEqualTo(200);
        assertThat(post(OPERATOR, "{\"host\": \"globex.cdn.test\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aCustomerBeyondItsRateGets429WithRetryAfterAndOthersAreNotAffected() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post(ACME, "{\"url\": \"http://acme.cdn.test/" + i + "\"}").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> limited = post(ACME, "{\"url\": \"http://acme.cdn.test/6\"}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(JSON.readTree(limited.body()).path("error").asText()).contains("too many purges");
        assertThat(stubs.get(0).calls()).hasSize(5);
        assertThat(post(GLOBEX, "{\"host\": \"globex.cdn.test\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aTagPurgeIsForwardedAsItsOwnKindScopedToTheCustomer() throws Exception {
        HttpResponse<String> response = post(GLOBEX, "{\"tag\": \"product-42\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(stubs).allSatisfy(s -> {
            assertThat(JSON.readTree(s.calls().get(0).body()).path("tag").asText()).isEqualTo("product-42");
            assertThat(s.calls().get(0).header(PurgeProtocol.CUSTOMER_HEADER)).isEqualTo("globex");
        });
        assertThat(post(GLOBEX, "{\"tag\": \"has space\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void aPopThatRefusesIsNotRetriedAndShowsWhy() throws Exception {
        stubs.get(1).answer(403);

        HttpResponse<String> response = post(OPERATOR, "{\"host\": \"acme.cdn.test\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode iad = JSON.readTree(response.body()).path("pops").get(1);
        assertThat(iad.path("error").asText()).startsWith("refused: 403");
        assertThat(stubs.get(1).calls()).hasSize(1);
    }

    @Test
    void nodesFetchThePurgesAfterTheirPositionWithTheirToken() throws Exception {
        for (String host : List.of("acme.cdn.test", "globex.cdn.test", "www.acme.test")) {
            assertThat(post(OPERATOR, "{\"host\": \"" + host + "\"}").statusCode()).isEqualTo(200);
        }

        JsonNode feed = JSON.readTree(get(nodeToken("iad"), PurgeProtocol.FEED_PATH + "?after=1").body());
        JsonNode head = JSON.readTree(get(nodeToken("iad"), PurgeProtocol.FEED_PATH + "?after=0&limit=0").body());

        assertThat(feed.path("head").asLong()).isEqualTo(3);
        assertThat(feed.path("purges")).extracting(p -> p.path("seq").asLong()).containsExactly(2L, 3L);
        assertThat(feed.path("purges").get(0).path("target").asText()).isEqualTo("globex.cdn.test");
        assertThat(feed.path("purges").get(0).path("kind").asText()).isEqualTo("host");
        assertThat(head.path("purges")).isEmpty();
        assertThat(head.path("head").asLong()).isEqualTo(3);
        assertThat(get(ACME, PurgeProtocol.FEED_PATH + "?after=0").statusCode()).isEqualTo(401);
        assertThat(get(ACME, "/v1/purge/1").statusCode()).as("an operator's purge is not acme's to see").isEqualTo(404);
    }
}
