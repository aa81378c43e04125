package dev.meridian.e2e.gtm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.gtm.GtmServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three POP edges, the GTM with live probes, and EMULATED distances (sjc nearest to 10.1/16, fra to
 * 10.2/16), asked by {@code dig +subnet} the way a resolver with client-subnet would. Each edge is a
 * vantage point: its latency agent is asked over its admin listener and it probes the other POPs,
 * posting the results to the GTM; the GTM probes too, as one more vantage point, unless told not to.
 */
class SteeringEndToEndTest {
    private static final String TOKEN = "e2e-steering-operator-token-01";
    private static final Map<String, String> POPS = new LinkedHashMap<>(Map.of(
            "sjc", "127.0.0.51", "iad", "127.0.0.52", "fra", "127.0.0.53"));

    @TempDir
    Path stateDir;
    private final Map<String, EdgeServer> edges = new LinkedHashMap<>();
    private final Map<String, ConfigHolder> edgeConfigs = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<String, Integer> adminPorts = new LinkedHashMap<>();
    private GtmServer gtm;
    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void needsDig() throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v dig").start().waitFor() == 0;
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("dig is missing: install bind9-dnsutils (listed in .ci/run)");
        }
        assumeTrue(present, "dig is not installed (Debian bind9-dnsutils): skipping the GTM steering end-to-end tests");
    }

    @AfterEach
    void stop() {
        if (gtm != null) {
            gtm.close();
        }
        edges.values().forEach(EdgeServer::close);
    }

    /**
     * Edges first (on ephemeral ports), then the GTM that knows their ports, then the edges reload the
     * whole config, which names the GTM's admin listener: from then on they probe and measure for it.
     */
    private void start(String probesExtra) throws Exception {
        for (String pop : POPS.keySet()) {
            startEdge(pop, 0, 0, null);
        }
        gtm = GtmServer.start(new ConfigHolder(load(yaml(probesExtra))));
        MeridianConfig withGtm = withGtm(probesExtra);
        for (ConfigHolder holder : edgeConfigs.values()) {
            holder.reload(() -> withGtm);
        }
    }

    /** The whole config as the edges see it: the GTM's admin listener on its real port. */
    private MeridianConfig withGtm(String probesExtra) throws Exception {
        return load(yaml(probesExtra).replace("admin: \"127.0.0.1:0\"",
                "admin: \"127.0.0.1:" + gtm.adminAddress().getPort() + "\""));
    }

    /** Starts a POP's edge; with the GTM's config it also reports its load and probe results to the GTM. */
    private void startEdge(String pop, int httpPort, int adminPort, MeridianConfig gtmConfig) throws Exception {
        MeridianConfig config = gtmConfig != null ? gtmConfig : load(edgeOnlyYaml(pop, httpPort, adminPort));
        ConfigHolder holder = new ConfigHolder(config);
        EdgeServer edge = EdgeServer.start(holder, pop);
        edgeConfigs.put(pop, holder);
        edges.put(pop, edge);
        httpPorts.put(pop, edge.httpAddress().getPort());
        adminPorts.put(pop, edge.adminAddress().getPort());
    }

    private String popsYaml(Map<String, Integer> http, Map<String, Integer> admin) {
        StringBuilder out = new StringBuilder();
        POPS.forEach((pop, ip) -> out.append("  - id: ").append(pop).append("\n    edge: { http: \"").append(ip).append(':')
                .append(http.getOrDefault(pop, 0)).append("\", admin: \"").append(ip).append(':')
                .append(admin.getOrDefault(pop, 0)).append("\" }\n"));
        return out.toString();
    }

    private static final String CUSTOMERS = """
            operatorTokens: [ "%s" ]
            customers:
              - id: acme
                properties:
                  - host: acme.cdn.test
                    origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                    dns: { answerCount: 1 }
            """.formatted(TOKEN);

    private String edgeOnlyYaml(String pop, int httpPort, int adminPort) {
        Map<String, Integer> h = new LinkedHashMap<>(httpPorts);
        Map<String, Integer> a = new LinkedHashMap<>(adminPorts);
        h.put(pop, httpPort);
        a.put(pop, adminPort);
        return "pops:\n" + popsYaml(h, a) + CUSTOMERS;
    }

    /** {@code probesExtra}: more of {@code probes.emulation}; a line indented by 4 is back at {@code probes}. */
    private String yaml(String probesExtra) {
        return """
                dns:
                  zone: cdn.test
                  listen: "127.0.0.1:0"
                  admin: "127.0.0.1:0"
                  stateDir: "%s"
                  probes:
                    latency: { methods: [] }
                    emulation:
                      links:
                        - { pop: sjc, block: 10.1.0.0/16, rtt: 12ms }
                        - { pop: iad, block: 10.1.0.0/16, rtt: 70ms }
                        - { pop: fra, block: 10.1.0.0/16, rtt: 160ms }
                        - { pop: sjc, block: 10.2.0.0/16, rtt: 150ms }
                        - { pop: iad, block: 10.2.0.0/16, rtt: 90ms }
                        - { pop: fra, block: 10.2.0.0/16, rtt: 15ms }
                      %s
                pops:
                """.formatted(stateDir, probesExtra) + popsYaml(httpPorts, adminPorts) + CUSTOMERS;
    }

    private static MeridianConfig load(String yaml) throws Exception {
        return new ConfigLoader(Map.<String, String>of()::get)
                .loadYaml("steering-e2e.yaml", yaml);
    }

    private String dig(String subnet) throws Exception {
        List<String> command = List.of("dig", "@127.0.0.1", "-p", String.valueOf(gtm.udpAddress().getPort()),
                "acme.cdn.test", "A", "+subnet=" + subnet, "+short", "+time=2", "+tries=1");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("dig finished").isTrue();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            p.destroyForcibly();
        }
    }

    private JsonNode admin(String path) throws Exception {
        try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + gtm.adminAddress().getPort() + path)
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return json.readTree(r.body().string());
        }
    }

    /** The first answer is a guess (right or not by chance); asking makes the POPs' agents measure the block. */
    private void awaitMeasured(String subnet) throws Exception {
        dig(subnet);
        String ip = subnet.substring(0, subnet.indexOf('/'));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode view = admin("/v1/map/address?ip=" + ip);
            return view.get("reason").asText().equals("measured") && view.get("scores").size() == 3;
        });
    }

    private String status(String pop) throws Exception {
        JsonNode a = health(pop);
        return a == null ? null : a.get("status").asText();
    }

    private JsonNode health(String pop) throws Exception {
        for (JsonNode a : admin("/v1/health").get("addresses")) {
            if (a.get("address").asText().equals(POPS.get(pop))) {
                return a;
            }
        }
        return null;
    }

    @Test
    void everyPopProbesTheOthersAndItsResultsAreVotesAtTheGtm() throws Exception {
        start("probeLoss: 0.0");
        // sjc is probed by the other two POPs and by the GTM itself; never by sjc.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode vantages = health("sjc").get("vantages");
            return vantages.has("iad") && vantages.has("fra") && vantages.has("gtm")
                    && vantages.get("iad").get("results").asLong() > 0 && vantages.get("fra").get("results").asLong() > 0;
        });
        assertThat(health("sjc").get("vantages").has("sjc")).isFalse();
        for (String pop : POPS.keySet()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> health(pop).get("vantages").size() == 3);
            assertThat(health(pop).get("vantages").get("gtm")).isNotNull();
        }
        // The latency of every POP came from that POP's own edge, asked over its admin listener.
        awaitMeasured("10.1.5.0/24");
        JsonNode scores = admin("/v1/map/address?ip=10.1.5.0").get("scores");
        assertThat(scores).extracting(s -> s.get("pop").asText()).containsExactlyInAnyOrder("sjc", "iad", "fra");
        assertThat(scores).allSatisfy(s -> assertThat(s.get("emulated").asBoolean()).isTrue());
    }

    @Test
    void aBrokenLinkSeenByOneVantagePointTakesNothingDown() throws Exception {
        // Nothing gets out of fra (an EMULATED outage for the whole run): its probes of sjc and iad all fail.
        start("outages: [ { pop: fra, from: 0s, until: 1h } ]");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode fromFra = health("sjc").get("vantages").get("fra");
            return fromFra != null && fromFra.get("verdict").asText().equals("down");
        });
        assertThat(health("iad").get("vantages").get("fra").get("lastError").asText()).isEqualTo("emulated_outage");
        for (String pop : List.of("sjc", "iad")) {
            JsonNode h = health(pop);
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("up");
            assertThat(h.get("transitions")).as(h.toString()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dig("10.1.5.0/24").equals(POPS.get("sjc")));
    }

    @Test
    void digFromTwoClientBlocksLandsOnTheirNearestPops() throws Exception {
        start("probeLoss: 0.0");
        awaitMeasured("10.1.5.0/24");
        awaitMeasured("10.2.9.0/24");
        await().atMost(Duration.ofSeconds(10)).until(() -> dig("10.1.5.0/24").equals(POPS.get("sjc")));
        await().atMost(Duration.ofSeconds(10)).until(() -> dig("10.2.9.0/24").equals(POPS.get("fra")));
        // A neighbour nobody asked for (so nobody measured) follows its block's decision; asking
        // through DNS would also start a measurement of it, so the map is asked directly.
        JsonNode why = admin("/v1/map/address?ip=10.1.200.0");
        assertThat(why.get("pop").asText()).isEqualTo("sjc");
        assertThat(why.get("reason").asText()).isEqualTo("unified");
        assertThat(why.get("emulation").asBoolean()).isTrue();
    }

    @Test
    void stoppingAPopsEdgeTakesItOutWithinTenSecondsAndItComesBack() throws Exception {
        // The GTM does not probe: the other POPs' probes alone take sjc out and bring it back.
        start("probeLoss: 0.0\n    gtmVantage: false");
        awaitMeasured("10.1.5.0/24");
        await().atMost(Duration.ofSeconds(10)).until(() -> dig("10.1.5.0/24").equals(POPS.get("sjc")));

        int httpPort = httpPorts.get("sjc");
        int adminPort = adminPorts.get("sjc");
        edges.remove("sjc").close();
        edgeConfigs.remove("sjc");
        Instant stopped = Instant.now();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> "down".equals(status("sjc")) && dig("10.1.5.0/24").equals(POPS.get("iad")));
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(10));

        assertThat(health("sjc").get("vantages").has("gtm")).isFalse();
        // Back on its own ports, now with the GTM's config, so it also reports its load.
        MeridianConfig withGtm = withGtm("probeLoss: 0.0\n    gtmVantage: false");
        httpPorts.put("sjc", httpPort);
        adminPorts.put("sjc", adminPort);
        startEdge("sjc", httpPort, adminPort, withGtm);
        await().atMost(Duration.ofSeconds(10)).until(() -> "up".equals(status("sjc"))
                && dig("10.1.5.0/24").equals(POPS.get("sjc")));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode p : admin("/v1/load").get("pops")) {
                if (p.get("pop").asText().equals("sjc")) {
                    return p.get("known").asBoolean();
                }
            }
            return false;
        });
    }

    @Test
    void raisingAPopsLoadShiftsNewClientsAway() throws Exception {
        start("probeLoss: 0.0");
        awaitMeasured("10.2.9.0/24");
        await().atMost(Duration.ofSeconds(10)).until(() -> dig("10.2.9.0/24").equals(POPS.get("fra")));

        // Every edge reports a light load, as edges do every few seconds; then fra's load climbs.
        for (String pop : POPS.keySet()) {
            reportLoad(pop, 40);
        }
        assertThat(dig("10.2.44.0/24")).isEqualTo(POPS.get("fra"));
        reportLoad("fra", 900);
        await().atMost(Duration.ofSeconds(5)).until(() -> dig("10.2.45.0/24").equals(POPS.get("iad")));
    }

    private void reportLoad(String pop, int figure) throws Exception {
        String report = "{\"pop\":\"" + pop + "\",\"at\":\"" + Instant.now() + "\",\"inFlight\":10,\"requestRate\":100,"
                + "\"cpu\":0.5,\"loadFigure\":" + figure + "}";
        try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + gtm.adminAddress().getPort() + "/v1/load")
                .header("Authorization", "Bearer " + TOKEN)
                .post(RequestBody.create(report, MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    @Test
    void tenPercentRandomProbeLossCausesNoFlapping() throws Exception {
        start("probeLoss: 0.1");
        await().atMost(Duration.ofSeconds(5)).until(() -> admin("/v1/health").get("addresses").size() == 3
                && allProbed(admin("/v1/health")));
        // 20 s = 20 probes per POP, about two of them lost each; four in a row would take an edge out.
        Instant until = Instant.now().plusSeconds(20);
        List<String> answers = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            answers.add(dig("10.1.5.0/24"));
            return Instant.now().isAfter(until);
        });
        JsonNode health = admin("/v1/health");
        long failed = 0;
        for (JsonNode a : health.get("addresses")) {
            assertThat(a.get("status").asText()).as(a.toString()).isEqualTo("up");
            assertThat(a.get("transitions")).as(a.toString()).isEmpty();
            failed += a.get("vantages").get("gtm").get("failed").asLong();
        }
        assertThat(failed).as("probes were lost (about 1 in 10 of some 70)").isPositive();
        assertThat(answers).allMatch(POPS::containsValue);
    }

    private static boolean allProbed(JsonNode health) {
        for (JsonNode a : health.get("addresses")) {
            if (!a.get("probed").asBoolean()) {
                return false;
            }
        }
        return true;
    }
}
