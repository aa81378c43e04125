package dev.meridian.edge.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.testing.ScriptedOrigin;
import dev.meridian.uplink.spool.BatchJson;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.UsageBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests through a real edge reach a stub console as usage rows with the right counts. */
class EdgeUsageTest {
    private static final String TOKEN = "sjc-node-token-0123456789";
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
    private final MockWebServer console = new MockWebServer();
    @TempDir
    Path spool;

    @AfterEach
    void stop() throws Exception {
        console.shutdown();
    }

    @Test
    void servedRequestsArriveAtTheConsoleCountedPerPropertyWithOriginBytes() throws Exception {
        console.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse();
            }
        });
        console.start();
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/small.txt", new MockResponse().setBody("hello").setHeader("Cache-Control", "max-age=60"));
            origin.on("/big.bin", new MockResponse().setBody("x".repeat(1000)).setHeader("Cache-Control", "max-age=60"));
            ConfigHolder config = new ConfigHolder(config(origin.url(), console.url("/").toString()));
            try (EdgeServer edge = EdgeServer.start(config, "sjc")) {
                for (int i = 0; i < 3; i++) {
                    assertThat(get(edge, "acme.cdn.test", "/small.txt")).isEqualTo(200);
                }
                assertThat(get(edge, "acme.cdn.test", "/big.bin")).isEqualTo(200);
                assertThat(get(edge, "unknown.cdn.test", "/small.txt")).as("nobody's usage").isEqualTo(404);
            }
            // Closing put the minute into the spool; the next start delivers it.
            try (EdgeServer edge = EdgeServer.start(config, "sjc")) {
                List<EdgeMinute> rows = receivedRows();

                assertThat(rows).extracting(EdgeMinute::property).containsOnly("acme.cdn.test");
                assertThat(rows).extracting(EdgeMinute::pop).containsOnly("sjc");
                assertThat(rows.stream().mapToLong(EdgeMinute::requests).sum()).isEqualTo(4);
                assertThat(rows.stream().mapToLong(EdgeMinute::hits).sum()).isEqualTo(2);
                assertThat(rows.stream().mapToLong(EdgeMinute::misses).sum()).isEqualTo(2);
                assertThat(rows.stream().mapToLong(EdgeMinute::status2xx).sum()).isEqualTo(4);
                assertThat(rows.stream().mapToLong(EdgeMinute::bytesToClients).sum()).isEqualTo(3 * 5 + 1000);
                assertThat(rows.stream().mapToLong(EdgeMinute::bytesFromOrigin).sum()).isEqualTo(5 + 1000);
                Awaitility.await().untilAsserted(() -> assertThat(
                        edge.registry().get("meridian.usage.batches.delivered").gauge().value()).isGreaterThanOrEqualTo(1));
            }
        }
    }

    @Test
    void withoutAConsoleSectionNothingIsCountedSpooledOrStarted() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/small.txt", new MockResponse().setBody("hello").setHeader("Cache-Control", "max-age=60"));
            try (EdgeServer edge = EdgeServer.start(new ConfigHolder(config(origin.url(), null)), "sjc")) {
                assertThat(get(edge, "acme.cdn.test", "/small.txt")).isEqualTo(200);
                // Awaited: another test's shipper of the same node may still be ending.
                Awaitility.await().untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                        .extracting(Thread::getName).noneMatch(name -> name.startsWith("usage-")));
                assertThat(edge.registry().find("meridian.usage.spool.batches").gauge()).isNull();
            }
        }
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    /** Every row the console got until the spool was empty (a minute boundary may split them over batches). */
    private List<EdgeMinute> receivedRows() throws Exception {
        List<EdgeMinute> rows = new ArrayList<>();
        RecordedRequest request;
        while ((request = console.takeRequest(rows.isEmpty() ? 10 : 1, TimeUnit.SECONDS)) != null) {
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            if (!"/v1/ingest/usage".equals(request.getPath())) {
                continue;   // the node also registers, asks for config versions and purges, and ships logs
            }
            UsageBatch batch = BatchJson.read(request.getBody().readByteArray());
            assertThat(batch.node()).isEqualTo("sjc");
            rows.addAll(batch.edge());
        }
        return rows;
    }

    private int get(EdgeServer edge, String host, String path) throws Exception {
        try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + edge.httpAddress().getPort() + path)
                .header("Host", host).build()).execute()) {
            r.body().bytes();
            return r.code();
        }
    }

    private MeridianConfig config(String originUrl, String consoleUrl) throws Exception {
        String consoleSection = consoleUrl == null ? "" : """
                console:
                  url: "%s"
                  nodes:
                    - { id: sjc, role: EDGE, token: "%s" }
                  usage: { shipEvery: 200ms, spoolDir: "%s" }
                  accessLogs: { dir: "%s" }
                  purge: { startWait: 0s }      # not about catching up on purges: serve at once
                """.formatted(consoleUrl, TOKEN, spool, spool.resolve("access-logs"));
        return new ConfigLoader(name -> null).loadYaml("test", """
                pops:
                  - id: sjc
                    location: { name: "San Jose", lat: 37.3, lon: -121.9 }
                    edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 }
                    cache: { memory: 64MB, maxObjectSize: 1MB }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins:
                          - { host: www.acme.test, url: "%s", readTimeout: 1s, totalTimeout: 3s }
                %s""".formatted(originUrl, consoleSection));
    }
}
