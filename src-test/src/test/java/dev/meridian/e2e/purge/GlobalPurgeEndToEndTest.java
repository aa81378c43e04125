package dev.meridian.e2e.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real console (H2) and three real edges with disk tiers in front of one origin: a purge through the
 * console reaches every POP, and a POP that was down during it catches up before it serves again, so what
 * its disk held is not served (the test).
 */
class GlobalPurgeEndToEndTest {
    private static final String ACME = "e2e-acme-admin-token-0000";
    private static final List<String> POPS = List.of("sjc", "iad", "fra");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ScriptedOrigin origin;
    private ConsoleServer console;
    private String yaml;
    private final Map<String, EdgeServer> edges = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        serve("v1");
        StringBuilder pops = new StringBuilder();
        StringBuilder nodes = new StringBuilder();
        for (String pop : POPS) {
            httpPorts.put(pop, freePort());
            pops.append("""
                      - id: %s
                        edge: { http: 127.0.0.1:%d, admin: 127.0.0.1:%d }
                        cache: { memory: 16MB, disk: { dir: %s, size: 64MB } }
                    """.formatted(pop, httpPorts.get(pop), freePort(), dir.resolve("cache")));
            nodes.append("    - { id: %s, role: EDGE, token: %s-e2e-node-token-000 }\n".formatted(pop, pop));
        }
        int consolePort = freePort();
        yaml = """
                pops:
                %s
                customers:
                  - id: acme
                    adminTokens: [ %s ]
                    properties:
                      - { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "%s" } ] }
                console:
                  listen: 127.0.0.1:%d
                  stateDir: %s
                  nodes:
                %s
                  purge: { ackWait: 1s, popTimeout: 500ms, retryFor: 5m, startWait: 1m, pollEvery: 500ms }
                  usage: { spoolDir: "%s" }
                  accessLogs: { dir: "%s" }
                  push: { nodeStateDir: "%s" }
                """.formatted(pops.toString().stripTrailing(), ACME, origin.url(), consolePort, dir.resolve("console"),
                nodes.toString().stripTrailing(), dir.resolve("spool"), dir.resolve("access-logs"), dir.resolve("nodes"));
        console = ConsoleServer.start(config());
        for (String pop : POPS) {
            startEdge(pop);
        }
    }

    @AfterEach
    void stop() {
        edges.values().forEach(EdgeServer::close);
        if (console != null) {
            console.close();
        }
        origin.close();
    }

    private ConfigHolder config() throws Exception {
        return new ConfigHolder(new ConfigLoader(Map.<String, String>of()::get).loadYaml("e2e.yaml", yaml));
    }

    private void startEdge(String pop) throws Exception {
        EdgeServer edge = EdgeServer.start(config(), pop);
        edges.put(pop, edge);
    }

    private void serve(String version) {
        for (String path : List.of("/a.jpg", "/b.jpg")) {
            origin.on(path, new MockResponse().setHeader("Cache-Control", "max-age=3600").setBody(version + " of " + path));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One client request; the body is read whole. */
    private record Answer(int status, String cache, String body) {
    }

    private Answer get(String pop, String path) throws IOException {
        Request request = new Request.Builder().url("http://127.0.0.1:" + httpPorts.get(pop) + path).header("Host", "acme.cdn.test").build();
        try (Response r = http.newCall(request).execute()) {
            return new Answer(r.code(), r.header("X-Cache"), r.body().string());
        }
    }

    /** The first answer that is not the catch-up gate's 503. */
    private Answer firstServed(String pop, String path) {
        AtomicReference<Answer> served = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Answer a = get(pop, path);
            if (a.status() == 503) {
                return false;
            }
            served.set(a);
            return true;
        });
        return served.get();
    }

    private JsonNode purge(String body, int expectedStatus) throws IOException {
        Request request = new Request.Builder().url(console.url() + "/v1/purge").header("Authorization", "Bearer " + ACME)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build();
        try (Response r = http.newCall(request).execute()) {
            String text = r.body().string();
            assertThat(r.code()).as(text).isEqualTo(expectedStatus);
            return JSON.readTree(text);
        }
    }

    private long onDisk(String pop) {
        return edges.get(pop).cache().tiers().get(0).entryCount();
    }

    @Test
    void aPurgeThroughTheConsoleReachesEveryPopAndEachAcknowledges() throws Exception {
        for (String pop : POPS) {
            assertThat(firstServed(pop, "/a.jpg").cache()).isEqualTo("MISS");
            assertThat(get(pop, "/a.jpg").cache()).isEqualTo("HIT");
        }
        serve("v2");

        JsonNode answer = purge("{\"url\": \"http://acme.cdn.test/a.jpg\"}", 200);

        assertThat(answer.path("pops")).extracting(p -> p.path("pop").asText()).containsExactlyElementsOf(POPS);
        assertThat(answer.path("pops")).allSatisfy(p -> assertThat(p.path("acked").asBoolean()).isTrue());
        for (String pop : POPS) {
            Answer after = get(pop, "/a.jpg");
            assertThat(after.cache()).as(pop).isEqualTo("MISS");
            assertThat(after.body()).isEqualTo("v2 of /a.jpg");
        }
    }

    @Test
    void aPopThatWasDownDuringAPurgeCatchesUpBeforeItServesWhatItsDiskHeld() throws Exception {
        for (String path : List.of("/a.jpg", "/b.jpg")) {
            assertThat(firstServed("fra", path).cache()).isEqualTo("MISS");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> onDisk("fra") >= 2);
        edges.remove("fra").close();
        serve("v2");

        JsonNode answer = purge("{\"url\": \"http://acme.cdn.test/a.jpg\"}", 202);
        assertThat(answer.path("pending")).extracting(JsonNode::asText).containsExactly("fra");
        startEdge("fra");

        Answer purged = firstServed("fra", "/a.jpg");
        assertThat(purged.cache()).as("the purge missed while down was applied before serving").isEqualTo("MISS");
        assertThat(purged.body()).isEqualTo("v2 of /a.jpg");
        Answer kept = get("fra", "/b.jpg");
        assertThat(kept.cache()).as("what was not purged comes back from the disk").isEqualTo("HIT");
        assertThat(kept.body()).isEqualTo("v1 of /b.jpg");
        long seq = answer.path("seq").asLong();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Request status = new Request.Builder().url(console.url() + "/v1/purge/" + seq).header("Authorization", "Bearer " + ACME).build();
            try (Response r = http.newCall(status).execute()) {
                assertThat(JSON.readTree(r.body().string()).path("complete").asBoolean()).isTrue();
            }
        });
    }

    @Test
    void aPopStartingWhileTheConsoleIsDownStaysClosedUntilItCanCatchUp() throws Exception {
        assertThat(firstServed("iad", "/a.jpg").cache()).isEqualTo("MISS");
        await().atMost(Duration.ofSeconds(10)).until(() -> onDisk("iad") >= 1);
        edges.remove("iad").close();
        purge("{\"url\": \"http://acme.cdn.test/a.jpg\"}", 202);
        console.close();
        console = null;

        startEdge("iad");

        assertThat(get("iad", "/a.jpg").status()).as("closed while it cannot catch up").isEqualTo(503);
        console = ConsoleServer.start(config());
        Answer purged = firstServed("iad", "/a.jpg");
        assertThat(purged.cache()).isEqualTo("MISS");
    }
}
