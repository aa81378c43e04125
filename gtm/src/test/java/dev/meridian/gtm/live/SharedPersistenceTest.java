package dev.meridian.gtm.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.gtm.DnsTestClient;
import dev.meridian.gtm.GtmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two GTM servers, peers of each other, answering a dynamic hostname with 3:1 weighted servers and
 * persistence: every client gets the same answer from both, the weights hold across clients, and an
 * answer one server persisted is the one the other gives, though it never saw that client.
 */
class SharedPersistenceTest {
    private static final String TOKEN = "shared-persistence-test-token-01";
    private static final String ADMIN_A = "127.0.0.75:19053";
    private static final String ADMIN_B = "127.0.0.76:19053";
    private static final String HEAVY = "192.0.2.1";
    private static final String LIGHT = "192.0.2.2";

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

    private MeridianConfig config(Path stateDir, String admin, String peer) throws Exception {
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: 127.0.0.1:0
                  admin: %s
                  stateDir: "%s"
                  probes:
                    peers: [ "%s" ]
                    latency: { methods: [], agents: local }
                    emulation: {}
                pops:
                  - id: sjc
                    edge: { http: "127.0.0.77:9", admin: "127.0.0.77:9" }
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    properties:
                      - host: app.cdn.test
                        dns:
                          servers: [ { address: %s, weight: 3 }, { address: %s, weight: 1 } ]
                          persistence: { duration: 10m }
                """.formatted(admin, stateDir, peer, TOKEN, HEAVY, LIGHT);
        return new ConfigLoader(Map.<String, String>of()::get).loadYaml("shared.yaml", yaml);
    }

    @Test
    void bothServersGiveEveryClientTheSameAnswerPersistenceIncluded() throws Exception {
        GtmServer a = GtmServer.start(new ConfigHolder(config(dirA, ADMIN_A, ADMIN_B)));
        running.add(a);
        GtmServer b = GtmServer.start(new ConfigHolder(config(dirB, ADMIN_B, ADMIN_A)));
        running.add(b);

        int heavy = 0;
        for (int i = 0; i < 400; i++) {
            String subnet = "10.9." + (i % 256) + "." + (i / 256 * 64) + "/26";
            GtmServer first = i % 2 == 0 ? a : b;
            String answer = answer(first, subnet);
            assertThat(answer(first == a ? b : a, subnet)).as(subnet).isEqualTo(answer);
            heavy += HEAVY.equals(answer) ? 1 : 0;
        }
        assertThat(heavy / 400.0).as("3:1 across client blocks").isCloseTo(0.75, within(0.08));

        // A decides afresh while its first answer is down, and persists that answer...
        String subnet = "10.8.1.0/24";
        String first = answer(a, subnet);
        String other = first.equals(HEAVY) ? LIGHT : HEAVY;
        mark(ADMIN_A, first, "down");
        mark(ADMIN_B, first, "down");
        assertThat(answer(a, subnet)).isEqualTo(other);
        mark(ADMIN_A, first, "auto");
        mark(ADMIN_B, first, "auto");
        assertThat(answer(a, subnet)).as("persisted").isEqualTo(other);
        // ...and B, never asked about this client, gives the persisted answer too, not its own fresh choice.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(answer(b, subnet)).isEqualTo(other));
    }

    @Test
    void aServerStartingLaterPullsWhatItsPeerPersistedMeanwhile() throws Exception {
        GtmServer a = GtmServer.start(new ConfigHolder(config(dirA, ADMIN_A, ADMIN_B)));
        running.add(a);
        // B is not up: A persists, for this client, an answer other than the one a fresh decision gives.
        String subnet = "10.7.3.0/24";
        String fresh = answer(a, subnet);
        String other = fresh.equals(HEAVY) ? LIGHT : HEAVY;
        mark(ADMIN_A, fresh, "down");
        assertThat(answer(a, subnet)).isEqualTo(other);
        mark(ADMIN_A, fresh, "auto");

        GtmServer b = GtmServer.start(new ConfigHolder(config(dirB, ADMIN_B, ADMIN_A)));
        running.add(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> persisted(ADMIN_B).contains("\"" + subnet + "\""));
        assertThat(answer(b, subnet)).as("B's very first answer for this client is A's persisted one").isEqualTo(other);
    }

    /** Every share of a server's persisted answers, as its admin API gives them to a peer. */
    private String persisted(String admin) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int part = 0; part < PeerPublisher.PULL_PARTS; part++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/v1/persistence?part="
                    + part + "&parts=" + PeerPublisher.PULL_PARTS)).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            all.append(r.body());
        }
        return all.toString();
    }

    @Test
    void thePersistedAnswersAreOnlyForOperatorsAndInBoundedShares() throws Exception {
        GtmServer a = GtmServer.start(new ConfigHolder(config(dirA, ADMIN_A, ADMIN_B)));
        running.add(a);
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://" + ADMIN_A
                + "/v1/persistence?part=0&parts=4")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        for (String bad : List.of("part=4&parts=4", "part=-1&parts=4", "part=0&parts=0", "part=x&parts=4", "parts=4",
                "part=0&parts=100000")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + ADMIN_A + "/v1/persistence?" + bad))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
        }
    }

    private static String answer(GtmServer gtm, String subnet) throws Exception {
        return DnsTestClient.firstA(gtm.udpAddress(), "app.cdn.test", subnet);
    }

    private void mark(String admin, String address, String action) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/v1/addresses/"
                        + address + "/" + action)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
