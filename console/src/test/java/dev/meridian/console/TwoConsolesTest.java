package dev.meridian.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.Users;
import dev.meridian.console.db.Database;
import dev.meridian.console.node.NodeRegistry;
import dev.meridian.console.purge.StubPop;
import dev.meridian.console.testing.PortalClient;
import dev.meridian.console.testing.TestDatabases;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleDatabaseConfig;
import dev.meridian.core.config.HostPort;
import dev.meridian.uplink.wire.NodeRegistration;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two consoles on one PostgreSQL: either serves the portal and the API, a purge through either reaches
 * every POP once, and of two pushes at once the database lets one commit.
 */
class TwoConsolesTest {
    private static final String OPERATOR = "operator-token-0000000000";
    private static final String ACME = "acme-admin-token-000000";
    private static final List<String> POPS = List.of("sjc", "iad", "fra");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<StubPop> pops = new ArrayList<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().executor(threads).build();
    private ConsoleServer a;
    private ConsoleServer b;
    private ConsoleDatabaseConfig database;

    private String config(String ttl) {
        StringBuilder popYaml = new StringBuilder();
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < POPS.size(); i++) {
            popYaml.append("  - { id: ").append(POPS.get(i)).append(", edge: { http: 127.0.0.1:1, admin: 127.0.0.1:")
                    .append(pops.get(i).port()).append(" } }\n");
            nodes.append("    - { id: ").append(POPS.get(i)).append(", role: edge, token: ").append(POPS.get(i))
                    .append("-node-token-0000000 }\n");
        }
        return """
                pops:
                %s
                operatorTokens: [ %s ]
                customers:
                  - id: acme
                    adminTokens: [ %s ]
                    properties:
                      - { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ], defaultTtl: %s }
                console:
                  database: { url: "%s", user: "%s", password: "" }
                  push: { prepareTimeout: 10s, checkEvery: 200ms }
                  nodes:
                %s
                """.formatted(popYaml.toString().stripTrailing(), OPERATOR, ACME, ttl, database.url(), database.user(),
                nodes.toString().stripTrailing());
    }

    private ConsoleServer console(String name, String ttl) throws Exception {
        String yaml = config(ttl) + "  stateDir: \"" + dir.resolve(name) + "\"\n";
        ConsoleServer server = ConsoleServer.start(new ConfigHolder(new ConfigLoader(n -> null).loadYaml(name, yaml)),
                new HostPort("127.0.0.1", 0));
        started.add(server);
        return server;
    }

    @BeforeEach
    void start() throws Exception {
        database = TestDatabases.config(Database.Kind.POSTGRESQL, dir);
        for (int i = 0; i < POPS.size(); i++) {
            pops.add(StubPop.start());
        }
        a = console("a", "1s");
        b = console("b", "1s");
    }

    @AfterEach
    void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // the rest are stopped all the same
            }
        }
        pops.forEach(StubPop::close);
        threads.shutdownNow();
    }

    private HttpResponse<String> send(ConsoleServer console, String token, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.url() + path))
                .header("Authorization", "Bearer " + token);
        return http.send(body == null ? request.build() : request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionMadeOnOneConsoleServesThePortalOnTheOther() throws Exception {
        new Users(a.database().dataSource(), Clock.systemUTC())
                .add("alice", Viewer.Role.CUSTOMER, "acme", new PasswordHasher().hash("correct horse battery"));
        try (PortalClient onA = new PortalClient(a.url()); PortalClient onB = new PortalClient(b.url())) {
            onA.login("alice", "correct horse battery");
            onA.cookies().forEach((name, value) -> onB.cookies().put(name, value));

            PortalClient.Response start = onB.get("/");

            assertThat(start.status()).isEqualTo(200);
            assertThat(start.body()).contains("acme.cdn.test");
        }
    }

    @Test
    void aPurgeThroughEitherConsoleReachesEveryPopOnceInOrder() throws Exception {
        HttpResponse<String> first = send(a, ACME, "/v1/purge", "{\"url\": \"http://acme.cdn.test/a.jpg\"}");
        HttpResponse<String> second = send(b, ACME, "/v1/purge", "{\"url\": \"http://acme.cdn.test/b.jpg\"}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        long seqA = JSON.readTree(first.body()).path("seq").asLong();
        long seqB = JSON.readTree(second.body()).path("seq").asLong();
        assertThat(seqB).as("one numbering, whichever console").isGreaterThan(seqA);
        for (StubPop pop : pops) {
            assertThat(pop.calls()).extracting(c -> JSON.readTree(c.body()).path("url").asText())
                    .containsExactly("http://acme.cdn.test/a.jpg", "http://acme.cdn.test/b.jpg");
        }
        JsonNode seenFromB = JSON.readTree(send(b, ACME, "/v1/purge/" + seqA, null).body());
        assertThat(seenFromB.path("complete").asBoolean()).isTrue();
    }

    @Test
    void ofTwoPushesAtOnceThroughTwoConsolesOnlyOneCommitsAndBothConsolesRunIt() throws Exception {
        // A node that holds its answer until the test lets it, so the two pushes overlap.
        CountDownLatch release = new CountDownLatch(1);
        Undertow slow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(ex -> ex.dispatch(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.getResponseSender().send("{\"node\":\"sjc\",\"version\":0,\"accepted\":true,\"message\":null}");
        })).build();
        slow.start();
        started.add(slow::stop);
        int port = ((InetSocketAddress) slow.getListenerInfo().get(0).getAddress()).getPort();
        new NodeRegistry(a.database()).register(new NodeRegistration("sjc", "edge", "http://127.0.0.1:" + port, "test",
                0, true), Instant.now());

        Future<HttpResponse<String>> viaA = threads.submit(() -> send(a, OPERATOR, "/v1/config", config("30s")));
        Future<HttpResponse<String>> viaB = threads.submit(() -> send(b, OPERATOR, "/v1/config", config("60s")));
        // One push holds the head and waits on the node; the other is refused meanwhile.
        await().atMost(Duration.ofSeconds(20)).until(() -> viaA.isDone() || viaB.isDone());
        release.countDown();
        HttpResponse<String> ra = viaA.get();
        HttpResponse<String> rb = viaB.get();

        List<Integer> statuses = List.of(ra.statusCode(), rb.statusCode());
        assertThat(statuses).as(ra.body() + "\n" + rb.body()).containsExactlyInAnyOrder(200, 409);
        Duration committed = ra.statusCode() == 200 ? Duration.ofSeconds(30) : Duration.ofSeconds(60);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(a.config().get().property("acme.cdn.test").orElseThrow().defaultTtl()).isEqualTo(committed);
            assertThat(b.config().get().property("acme.cdn.test").orElseThrow().defaultTtl()).isEqualTo(committed);
        });
        JsonNode versions = JSON.readTree(send(b, OPERATOR, "/v1/config/versions", null).body());
        assertThat(versions).filteredOn(v -> v.path("state").asText().equals("COMMITTED")).hasSize(1);
    }
}
