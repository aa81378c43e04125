package dev.meridian.gtm.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.gtm.DnsTestClient;
import dev.meridian.gtm.GtmServer;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GTM with live probes on real sockets: three stand-in edges on their own loopback addresses
 * answering /healthz, EMULATED distances from each POP to two client blocks, ECS queries over UDP.
 */
class LiveNetworkTest {
    private static final String TOKEN = "live-test-operator-token-0123";
    private static final Map<String, String> POP_IPS = Map.of("sjc", "127.0.0.21", "ams", "127.0.0.22", "sin", "127.0.0.23");

    @TempDir
    Path stateDir;
    private final Map<String, Undertow> edges = new LinkedHashMap<>();
    private final Map<String, Integer> edgePorts = new LinkedHashMap<>();
    private GtmServer gtm;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        for (String pop : POP_IPS.keySet()) {
            startEdge(pop, 0);
        }
        gtm = GtmServer.start(new ConfigHolder(config()));
    }

    @AfterEach
    void stop() {
        if (gtm != null) {
            gtm.close();
        }
        edges.values().forEach(Undertow::stop);
    }

    private void startEdge(String pop, int port) {
        Undertow edge = Undertow.builder().addHttpListener(port, POP_IPS.get(pop))
                .setHandler(exchange -> exchange.getResponseSender().send("ok\n")).build();
        edge.start();
        edges.put(pop, edge);
        edgePorts.put(pop, ((InetSocketAddress) edge.getListenerInfo().get(0).getAddress()).getPort());
    }

    private MeridianConfig config() throws Exception {
        StringBuilder pops = new StringBuilder();
        POP_IPS.forEach((pop, ip) -> pops.append("""
                  - id: %s
                    edge: { http: %s:%d, admin: %s:%d }
                """.formatted(pop, ip, edgePorts.get(pop), ip, edgePorts.get(pop))));
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: 127.0.0.1:0
                  admin: 127.0.0.1:0
                  stateDir: "%s"
                  probes:
                    latency: { methods: [], agents: local }
                    emulation:
                      links:
                        - { pop: sjc, block: 10.1.0.0/16, rtt: 10ms }
                        - { pop: ams, block: 10.1.0.0/16, rtt: 80ms }
                        - { pop: sin, block: 10.1.0.0/16, rtt: 150ms }
                        - { pop: sjc, block: 10.2.0.0/16, rtt: 150ms }
                        - { pop: ams, block: 10.2.0.0/16, rtt: 15ms }
                        - { pop: sin, block: 10.2.0.0/16, rtt: 60ms }
                pops:
                %s
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                        dns: { answerCount: 1 }
                """.formatted(stateDir, pops, TOKEN);
        return new ConfigLoader(Map.<String, String>of()::get)
                .loadYaml("live.yaml", yaml);
    }

    private String answer(String subnet) throws Exception {
        return DnsTestClient.firstA(gtm.udpAddress(), "acme.cdn.test", subnet);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        InetSocketAddress a = gtm.adminAddress();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
                .header("Authorization", "Bearer " + TOKEN);
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode adminJson(String path) throws Exception {
        HttpResponse<String> r = admin("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** Answers before the first measurement are guesses that may be right by chance: wait for data. */
    private void awaitMeasured(String subnet) throws Exception {
        answer(subnet);
        String ip = subnet.substring(0, subnet.indexOf('/'));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode view = adminJson("/v1/map/address?ip=" + ip);
            return view.get("reason").asText().equals("measured") && view.get("scores").size() == 3;
        });
    }

    private String status(String pop) throws Exception {
        for (JsonNode a : adminJson("/v1/health").get("addresses")) {
            if (a.get("address").asText().equals(POP_IPS.get(pop))) {
                return a.get("status").asText();
            }
        }
        return null;
    }

    @Test
    void steersClientBlocksToTheirNearestPopAndExplainsWhy() throws Exception {
        // The first answer is a guess; asking makes the agents measure the subnet.
        awaitMeasured("10.1.5.0/24");
        awaitMeasured("10.2.7.0/24");
        await().atMost(Duration.ofSeconds(10)).until(() -> POP_IPS.get("sjc").equals(answer("10.1.5.0/24")));
        await().atMost(Duration.ofSeconds(10)).until(() -> POP_IPS.get("ams").equals(answer("10.2.7.0/24")));

        JsonNode view = adminJson("/v1/map/address?ip=10.1.5.0");
        assertThat(view.get("emulation").asBoolean()).isTrue();
        assertThat(view.get("pop").asText()).isEqualTo("sjc");
        assertThat(view.get("reason").asText()).isEqualTo("measured");
        assertThat(view.get("scores").get(0).get("emulated").asBoolean()).isTrue();
        assertThat(view.get("scores").get(0).get("averageRttMs").asDouble()).isBetween(9.0, 11.0);

        JsonNode neighbour = adminJson("/v1/map/address?ip=10.1.77.0");
        assertThat(neighbour.get("reason").asText()).isEqualTo("unified");
        assertThat(neighbour.get("block").asText()).isEqualTo("10.1.0.0/16");
        assertThat(neighbour.get("pop").asText()).isEqualTo("sjc");

        JsonNode block = adminJson("/v1/map/block?cidr=10.1.0.0/16");
        assertThat(block.get("scores")).hasSize(3);
        assertThat(block.get("scores").get(0).has("lastMeasured")).isTrue();
        assertThat(admin("GET", "/v1/map/block?cidr=nonsense", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aStoppedEdgeLeavesTheAnswersWithinTenSecondsAndComesBack() throws Exception {
        awaitMeasured("10.1.5.0/24");
        await().atMost(Duration.ofSeconds(10)).until(() -> POP_IPS.get("sjc").equals(answer("10.1.5.0/24")));

        int port = edgePorts.get("sjc");
        edges.remove("sjc").stop();
        Instant stopped = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> "down".equals(status("sjc"))
                && POP_IPS.get("ams").equals(answer("10.1.5.0/24")));
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(10));

        startEdge("sjc", port);
        await().atMost(Duration.ofSeconds(10)).until(() -> "up".equals(status("sjc"))
                && POP_IPS.get("sjc").equals(answer("10.1.5.0/24")));

        JsonNode health = adminJson("/v1/health");
        JsonNode sjc = null;
        for (JsonNode a : health.get("addresses")) {
            if (a.get("address").asText().equals(POP_IPS.get("sjc"))) {
                sjc = a;
            }
        }
        assertThat(sjc).isNotNull();
        assertThat(sjc.get("status").asText()).isEqualTo("up");
        assertThat(sjc.get("transitions")).extracting(t -> t.get("to").asText()).containsExactly("down", "up");
    }

    @Test
    void aLoadedPopLosesNewClients() throws Exception {
        awaitMeasured("10.2.7.0/24");
        await().atMost(Duration.ofSeconds(10)).until(() -> POP_IPS.get("ams").equals(answer("10.2.7.0/24")));

        // Every edge reports a light load; then ams's load climbs over the threshold.
        for (String pop : POP_IPS.keySet()) {
            assertThat(admin("POST", "/v1/load", loadReport(pop, 30)).statusCode()).isEqualTo(200);
        }
        assertThat(answer("10.2.8.0/24")).isEqualTo(POP_IPS.get("ams"));
        String report = loadReport("ams", 900);
        HttpResponse<String> r = admin("POST", "/v1/load", report);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> POP_IPS.get("sin").equals(answer("10.2.9.0/24")));
        JsonNode load = adminJson("/v1/load");
        assertThat(load.get("pops").findValues("overloaded")).extracting(JsonNode::asBoolean).contains(true);

        assertThat(admin("POST", "/v1/load", "{\"pop\":\"nowhere\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/v1/load", report.replace("ams", "xyz")).body()).contains("no POP 'xyz'");
    }

    private static String loadReport(String pop, int figure) {
        return """
                {"pop":"%s","at":"%s","inFlight":50,"requestRate":900,"cpu":0.5,"loadFigure":%d}
                """.formatted(pop, Instant.now(), figure);
    }

    @Test
    void aPopThatReportsNoLoadRanksAsUnknownLoad() throws Exception {
        awaitMeasured("10.2.7.0/24");
        await().atMost(Duration.ofSeconds(10)).until(() -> POP_IPS.get("ams").equals(answer("10.2.7.0/24")));
        // Only sjc and sin report: ams's unknown load (1000) now outweighs its 45-145 ms lead.
        admin("POST", "/v1/load", loadReport("sjc", 30));
        admin("POST", "/v1/load", loadReport("sin", 30));
        await().atMost(Duration.ofSeconds(5)).until(() -> POP_IPS.get("sin").equals(answer("10.2.11.0/24")));
    }

    @Test
    void probeResultsFromAPopCountAsItsVoteAndOnlyForAddressesThisServerProbes() throws Exception {
        String at = Instant.now().toString();
        String results = "[{\"address\":\"%s\",\"vantage\":\"ams\",\"at\":\"%s\",\"metric\":65535,\"error\":\"CONNECT\","
                .formatted(POP_IPS.get("sjc"), at) + "\"detail\":\"refused\"},"
                + "{\"address\":\"192.0.2.44\",\"vantage\":\"ams\",\"at\":\"%s\",\"metric\":12}]".formatted(at);
        HttpResponse<String> r = admin("POST", "/v1/probes/results", results);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).get("accepted").asInt()).isEqualTo(1);
        assertThat(json.readTree(r.body()).get("ignored").asInt()).isEqualTo(1);
        JsonNode health = adminJson("/v1/health");
        assertThat(health.get("addresses").findValuesAsText("address")).doesNotContain("192.0.2.44");
        for (JsonNode a : health.get("addresses")) {
            if (a.get("address").asText().equals(POP_IPS.get("sjc"))) {
                assertThat(a.get("vantages").get("ams").get("lastError").asText()).isEqualTo("connect");
                // One failure is not yet a down verdict from ams, and the GTM's own probes see it up.
                assertThat(a.get("status").asText()).isEqualTo("up");
            }
        }
        assertThat(admin("POST", "/v1/probes/results", "[{\"address\":\"not-an-ip\"}]").statusCode()).isEqualTo(400);
    }

    @Test
    void probeAndLatencyEndpointsNeedAnOperatorToken() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gtm.adminAddress().getPort() + "/v1/map"))
                .GET().build();
        assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }
}
