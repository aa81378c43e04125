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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two GTM servers (as the zone's two NS would be), each measuring with its own agents and sharing
 * every result with the other: they end up with the same tables and give the same answers. Their
 * admin listeners sit on addresses of their own in 127/8 so each can name the other up front.
 */
class TwoGtmServersTest {
    private static final String TOKEN = "two-gtm-test-operator-token-01";
    private static final String ADMIN_A = "127.0.0.71:19053";
    private static final String ADMIN_B = "127.0.0.72:19053";

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    private MeridianConfig config(Path stateDir, String admin, String peer, String vantage, int edgePort) throws Exception {
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: 127.0.0.1:0
                  admin: %s
                  stateDir: "%s"
                  probes:
                    vantage: %s
                    peers: [ "%s" ]
                    latency: { methods: [], agents: local }
                    emulation:
                      links:
                        - { pop: sjc, block: 10.1.0.0/16, rtt: 30ms }
                        - { pop: ams, block: 10.1.0.0/16, rtt: 55ms }
                        - { pop: sjc, block: 10.2.0.0/16, rtt: 90ms }
                        - { pop: ams, block: 10.2.0.0/16, rtt: 20ms }
                pops:
                  - id: sjc
                    edge: { http: "127.0.0.73:%d", admin: "127.0.0.73:%d" }
                  - id: ams
                    edge: { http: "127.0.0.74:%d", admin: "127.0.0.74:%d" }
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                        dns: { answerCount: 1 }
                """.formatted(admin, stateDir, vantage, peer, edgePort, edgePort, edgePort, edgePort, TOKEN);
        return new ConfigLoader(Map.<String, String>of()::get)
                .loadYaml("two.yaml", yaml);
    }

    @Test
    void sharedResultsGiveBothServersTheSameTablesAndAnswers() throws Exception {
        Undertow sjc = edge("127.0.0.73");
        int port = ((InetSocketAddress) sjc.getListenerInfo().get(0).getAddress()).getPort();
        Undertow ams = Undertow.builder().addHttpListener(port, "127.0.0.74")
                .setHandler(exchange -> exchange.getResponseSender().send("ok\n")).build();
        ams.start();
        running.add(ams::stop);
        GtmServer a = GtmServer.start(new ConfigHolder(config(dirA, ADMIN_A, ADMIN_B, "gtm-a", port)));
        running.add(a);
        GtmServer b = GtmServer.start(new ConfigHolder(config(dirB, ADMIN_B, ADMIN_A, "gtm-b", port)));
        running.add(b);

        // Each server is asked about a different block: only sharing can teach the other. The nearer POP is
        // more than the rank tolerance ahead in each block, so the answer does not rest on the weighted choice.
        answer(a, "10.1.5.0/24");
        answer(b, "10.2.9.0/24");
        await().atMost(Duration.ofSeconds(15)).until(() -> "127.0.0.73".equals(answer(b, "10.1.5.0/24"))
                && "127.0.0.74".equals(answer(a, "10.2.9.0/24")));

        for (String client : List.of("10.1.5.0", "10.2.9.0", "10.1.99.0")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode viewA = map(ADMIN_A, client);
                JsonNode viewB = map(ADMIN_B, client);
                assertThat(viewB.get("pop")).isEqualTo(viewA.get("pop"));
                assertThat(viewB.get("reason")).isEqualTo(viewA.get("reason"));
                assertThat(viewB.get("scores").size()).isEqualTo(viewA.get("scores").size());
                for (int i = 0; i < viewA.get("scores").size(); i++) {
                    assertThat(viewB.get("scores").get(i).get("averageRttMs").asDouble())
                            .isCloseTo(viewA.get("scores").get(i).get("averageRttMs").asDouble(),
                                    Offset.offset(1e-6));
                }
            });
        }
        // Both vantage points' probe results reached both servers.
        await().atMost(Duration.ofSeconds(5)).until(() -> health(ADMIN_A).contains("gtm-b") && health(ADMIN_B).contains("gtm-a"));
    }

    private Undertow edge(String ip) {
        Undertow u = Undertow.builder().addHttpListener(0, ip)
                .setHandler(exchange -> exchange.getResponseSender().send("ok\n")).build();
        u.start();
        running.add(u::stop);
        return u;
    }

    private static String answer(GtmServer gtm, String subnet) throws Exception {
        return DnsTestClient.firstA(gtm.udpAddress(), "acme.cdn.test", subnet);
    }

    private JsonNode map(String admin, String ip) throws Exception {
        return new ObjectMapper().readTree(get(admin, "/v1/map/address?ip=" + ip));
    }

    private String health(String admin) throws Exception {
        return get(admin, "/v1/health");
    }

    private String get(String admin, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + admin + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
