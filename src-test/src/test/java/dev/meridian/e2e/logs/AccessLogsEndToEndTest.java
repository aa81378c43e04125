package dev.meridian.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through a real edge end up, as lines of their customer's access log file, in a real
 * console (H2), and only that customer (or an operator) can list and download them.
 */
class AccessLogsEndToEndTest {
    private static final String NODE_TOKEN = "e2e-logs-sjc-node-token-01";
    private static final String ACME_TOKEN = "e2e-logs-acme-admin-token-1";
    private static final String BETA_TOKEN = "e2e-logs-beta-admin-token-1";
    private static final String HOSTILE_AGENT = "evil\"}\\ {\"time\":\"2020-01-01T00:00:00.000Z\",\"pop\":\"forged\"}";

    @TempDir
    Path dir;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();
    private final ObjectMapper json = new ObjectMapper();

    private MeridianConfig config(String originUrl, String consoleUrl) throws Exception {
        String yaml = """
                pops:
                  - { id: sjc, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 } }
                customers:
                  - id: acme
                    adminTokens: [ %s ]
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "%s" } ] } ]
                  - id: beta
                    adminTokens: [ %s ]
                    properties: [ { host: beta.cdn.test, origins: [ { host: www.beta.test, url: "%s" } ] } ]
                console:
                  url: %s
                  stateDir: %s
                  accessLogs: { dir: %s, rotateEvery: 1s }
                  nodes: [ { id: sjc, role: EDGE, token: %s } ]
                """.formatted(ACME_TOKEN, originUrl, BETA_TOKEN, originUrl, consoleUrl, dir.resolve("console"),
                dir.resolve("edge-logs"), NODE_TOKEN);
        return new ConfigLoader(Map.<String, String>of()::get).loadYaml("e2e-logs.yaml", yaml);
    }

    @Test
    void requestsThroughAnEdgeReachTheConsoleAsTheirCustomersDownloadableLogFile() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/hello.txt", new MockResponse().setBody("hello").setHeader("Cache-Control", "max-age=60"));
            try (ConsoleServer console = ConsoleServer.start(new ConfigHolder(config(origin.url(), "http://127.0.0.1:1")),
                    new HostPort("127.0.0.1", 0));
                 EdgeServer edge = EdgeServer.start(new ConfigHolder(config(origin.url(), console.url())), "sjc")) {
                String base = "http://127.0.0.1:" + edge.httpAddress().getPort();
                for (int request = 0; request < 3; request++) {
                    get(base + "/hello.txt?v=1", "acme.cdn.test", HOSTILE_AGENT);
                }
                get(base + "/hello.txt", "beta.cdn.test", "beta-agent");

                List<JsonNode> acmeFiles = await().atMost(Duration.ofSeconds(30))
                        .until(() -> files(console.url(), ACME_TOKEN), f -> lines(f) == 3);
                List<String> lines = new ArrayList<>();
                for (JsonNode file : acmeFiles) {
                    assertThat(file.get("customer").asText()).isEqualTo("acme");
                    lines.addAll(gunzipLines(download(console.url() + file.get("url").asText(), ACME_TOKEN)));
                }
                assertThat(lines).hasSize(3);
                for (String line : lines) {
                    JsonNode request = json.readTree(line);
                    assertThat(request.get("pop").asText()).isEqualTo("sjc");
                    assertThat(request.get("host").asText()).isEqualTo("acme.cdn.test");
                    assertThat(request.get("path").asText()).isEqualTo("/hello.txt");
                    assertThat(request.get("query").asText()).isEqualTo("v=1");
                    assertThat(request.get("status").asInt()).isEqualTo(200);
                    assertThat(request.get("userAgent").asText()).isEqualTo(HOSTILE_AGENT);
                }
                assertThat(lines).extracting(l -> json.readTree(l).get("cache").asText()).contains("MISS", "HIT");

                List<JsonNode> betaFiles = await().atMost(Duration.ofSeconds(30))
                        .until(() -> files(console.url(), BETA_TOKEN), f -> lines(f) == 1);
                assertThat(betaFiles).allSatisfy(f -> assertThat(f.get("customer").asText()).isEqualTo("beta"));
                String acmeName = acmeFiles.get(0).get("name").asText();
                try (Response r = http.newCall(new Request.Builder().url(console.url() + "/v1/logs/" + acmeName
                        + "?customer=acme").header("Authorization", "Bearer " + BETA_TOKEN).build()).execute()) {
                    assertThat(r.code()).as("beta may not download acme's file").isEqualTo(404);
                }
            }
        }
    }

    private void get(String url, String host, String userAgent) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(url).header("Host", host).header("User-Agent", userAgent)
                .header("Referer", "https://" + host + "/").build()).execute()) {
            assertThat(r.body().string()).isEqualTo("hello");
        }
    }

    private List<JsonNode> files(String consoleUrl, String token) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(consoleUrl + "/v1/logs")
                .header("Authorization", "Bearer " + token).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            List<JsonNode> files = new ArrayList<>();
            json.readTree(r.body().string()).get("files").forEach(files::add);
            return files;
        }
    }

    private static long lines(List<JsonNode> files) {
        return files.stream().mapToLong(f -> f.get("lines").asLong()).sum();
    }

    private byte[] download(String url, String token) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(url).header("Authorization", "Bearer " + token).build())
                .execute()) {
            assertThat(r.code()).isEqualTo(200);
            return r.body().bytes();
        }
    }

    private static List<String> gunzipLines(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
