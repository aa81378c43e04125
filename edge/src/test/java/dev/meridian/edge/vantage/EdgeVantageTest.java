package dev.meridian.edge.vantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.edge.EdgeServer;
import io.micrometer.core.instrument.Counter;
import io.undertow.Undertow;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A POP's edge as a vantage point: its latency agent answers GTM servers' batches over the admin
 * listener (EMULATED distances here), and its service probes of the other POPs reach every GTM
 * server listed in the config, tagged with the POP's id. Two stand-in GTM servers record what they get.
 */
class EdgeVantageTest {
    private static final String TOKEN = "vantage-test-operator-token-0001";
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Undertow> servers = new ArrayList<>();
    private EdgeServer edge;

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
        }
        servers.forEach(Undertow::stop);
    }

    /** A stand-in GTM admin listener that keeps every probe-result body it is sent. */
    private int gtm(List<JsonNode> received) {
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(ex -> {
            if (ex.getRequestMethod().equals(Methods.POST) && ex.getRequestPath().equals("/v1/probes/results")
                    && ("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getRequestReceiver().receiveFullBytes((e, body) -> {
                    try {
                        json.readTree(body).forEach(received::add);
                    } catch (IOException x) {
                        throw new IllegalStateException(x);
                    }
                    e.getResponseSender().send("{\"accepted\":1}");
                });
            } else {
                ex.setStatusCode(404);
            }
        }).build();
        server.start();
        servers.add(server);
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** A stand-in for another POP's edge: answers its health check. */
    private int otherEdge(String ip) {
        Undertow server = Undertow.builder().addHttpListener(0, ip)
                .setHandler(ex -> ex.getResponseSender().send("ok")).build();
        server.start();
        servers.add(server);
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void startEdge(int gtmPort, int peerPort, int otherPort) throws Exception {
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: "127.0.0.1:0"
                  admin: "127.0.0.1:%d"
                  probes:
                    interval: 200ms
                    timeout: 500ms
                    maxAge: 2s
                    peers: [ "127.0.0.1:%d" ]
                    latency: { methods: [] }
                    emulation:
                      links:
                        - { pop: sjc, block: 10.1.0.0/16, rtt: 12ms }
                        - { pop: fra, block: 10.1.0.0/16, rtt: 160ms }
                pops:
                  - id: sjc
                    edge: { http: "127.0.0.61:0", admin: "127.0.0.61:0" }
                  - id: fra
                    edge: { http: "127.0.0.62:%d", admin: "127.0.0.62:%d" }
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                """.formatted(gtmPort, peerPort, otherPort, otherPort, TOKEN);
        edge = EdgeServer.start(new ConfigHolder(new ConfigLoader(name -> null).loadYaml("vantage-test", yaml)), "sjc");
    }

    private Response measure(String body, String token) throws Exception {
        Request.Builder r = new Request.Builder()
                .url("http://127.0.0.61:" + edge.adminAddress().getPort() + MeasureEndpoint.PATH)
                .post(RequestBody.create(body, JSON));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.newCall(r.build()).execute();
    }

    @Test
    void theAgentMeasuresABatchFromThisPop() throws Exception {
        startEdge(gtm(new CopyOnWriteArrayList<>()), gtm(new CopyOnWriteArrayList<>()), otherEdge("127.0.0.62"));
        try (Response r = measure("[\"10.1.5.1\", \"192.0.2.7\"]", TOKEN)) {
            assertThat(r.code()).isEqualTo(200);
            JsonNode results = json.readTree(r.body().string());
            assertThat(results).hasSize(2);
            JsonNode near = results.get(0);
            assertThat(near.get("pop").asText()).isEqualTo("sjc");
            assertThat(near.get("target").asText()).isEqualTo("10.1.5.1");
            assertThat(near.get("method").asText()).isEqualTo("emulated");
            assertThat(near.get("emulated").asBoolean()).isTrue();
            assertThat(near.get("rttMs").asDouble()).isBetween(11.0, 13.0);
            // No emulated link and no real method configured: measured as unreachable, not invented.
            assertThat(results.get(1).get("method").asText()).isEqualTo("none");
            assertThat(results.get(1).get("loss").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void theAgentRefusesStrangersOversizedBatchesAndHostileJson() throws Exception {
        startEdge(gtm(new CopyOnWriteArrayList<>()), gtm(new CopyOnWriteArrayList<>()), otherEdge("127.0.0.62"));
        try (Response r = measure("[\"10.1.5.1\"]", null)) {
            assertThat(r.code()).isEqualTo(401);
        }
        try (Response r = measure("[\"10.1.5.1\"]", "not-the-operator-token")) {
            assertThat(r.code()).isEqualTo(401);
        }
        for (String hostile : List.of("{\"targets\":[]}", "[1, 2]", "[\"acme.cdn.test\"]", "[\"10.1.5.1\"", "null",
                "[[[[[[[[[[]]]]]]]]]]", "\u0000\u0001garbage", "[\"10.1.5.1\", null]")) {
            try (Response r = measure(hostile, TOKEN)) {
                assertThat(r.code()).as(hostile).isEqualTo(400);
                assertThat(json.readTree(r.body().string()).get("error").asText()).as(hostile).isNotBlank();
            }
        }
        String tooMany = IntStream.range(0, MeasureEndpoint.MAX_BATCH + 1).mapToObj(i -> "\"10.1." + (i / 250) + "." + (i % 250) + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        try (Response r = measure(tooMany, TOKEN)) {
            assertThat(r.code()).isIn(400, 413);
        }
        try (Response r = measure("[\"" + "1".repeat(1 << 20) + "\"]", TOKEN)) {
            assertThat(r.code()).isIn(400, 413);
        }
        // Still serving after all that.
        try (Response r = measure("[\"10.1.5.1\"]", TOKEN)) {
            assertThat(r.code()).isEqualTo(200);
        }
        assertThat(batches("401")).isEqualTo(2);
        assertThat(batches("400") + batches("413")).isEqualTo(10);
        assertThat(batches("200")).isEqualTo(1);
    }

    private double batches(String status) {
        Counter c = edge.registry().find("meridian.edge.vantage.batches").tags("pop", "sjc", "status", status).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void probeResultsOfTheOtherPopsReachEveryGtmServerTaggedWithThisPop() throws Exception {
        List<JsonNode> first = new CopyOnWriteArrayList<>();
        List<JsonNode> second = new CopyOnWriteArrayList<>();
        startEdge(gtm(first), gtm(second), otherEdge("127.0.0.62"));
        for (List<JsonNode> received : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().anyMatch(r -> r.get("metric").asInt() < 65535));
            assertThat(received).allSatisfy(r -> {
                assertThat(r.get("vantage").asText()).isEqualTo("sjc");
                // Its own edge is not probed from here: a POP cannot vouch for the way to itself.
                assertThat(r.get("address").asText()).isEqualTo("127.0.0.62");
            });
        }
        String body = new String(json.writeValueAsBytes(first.get(0)), StandardCharsets.UTF_8);
        assertThat(body).contains("\"at\"");
        assertThat(edge.registry().find("meridian.edge.gtm.posts").tags("what", "probe results", "outcome", "ok").counters())
                .as("one counter per GTM server, each with posts that reached it").hasSize(2)
                .allSatisfy(c -> assertThat(c.count()).isPositive());
    }
}
