package dev.meridian.console.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.ConsoleServer;
import dev.meridian.console.node.NodeRegistry;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.control.ConfigAgent;
import dev.meridian.uplink.control.ConfigEndpoints;
import dev.meridian.uplink.control.NodeCheck;
import dev.meridian.uplink.control.NodeControl;
import dev.meridian.uplink.wire.NodeRegistration;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-phase push through a real console (H2) and real node agents behind real admin listeners. */
class ConfigPushTest {
    private static final String OPERATOR = "operator-token-000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
    private ConsoleServer console;

    private String config(String ttl) {
        return config(ttl, "5s");
    }

    private String config(String ttl, String prepareTimeout) {
        return """
                operatorTokens: [ "%s" ]
                pops:
                  - { id: sjc, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 } }
                  - { id: iad, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 } }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                        defaultTtl: %s
                console:
                  url: %s
                  stateDir: "%s"
                  push: { prepareTimeout: %s, checkEvery: 200ms, liveness: 30s, nodeStateDir: "%s" }
                  nodes:
                    - { id: sjc, role: edge, token: sjc-node-token-000000 }
                    - { id: iad, role: edge, token: iad-node-token-000000 }
                """.formatted(OPERATOR, ttl, console == null ? "http://127.0.0.1:1" : console.url(), dir.resolve("console"),
                prepareTimeout, dir.resolve("nodes"));
    }

    private static MeridianConfig load(String yaml) throws Exception {
        return new ConfigLoader(name -> null).loadYaml("test", yaml);
    }

    @BeforeEach
    void startConsole() throws Exception {
        console = ConsoleServer.start(new ConfigHolder(load(config("1s"))), new HostPort("127.0.0.1", 0));
        started.add(console);
    }

    @AfterEach
    void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // the next one is stopped all the same
            }
        }
    }

    /** A node as the edge runs one: its agent behind its admin listener, registered with the console. */
    private final class Node {
        final ConfigHolder holder;
        final NodeControl control;

        Node(String id, NodeCheck check, boolean connect) throws Exception {
            holder = new ConfigHolder(load(config("1s")));
            control = NodeControl.prepare(holder, id, ConsoleNodeConfig.NodeRole.EDGE, check)
                    .orElseThrow();
            Undertow admin = Undertow.builder().addHttpListener(0, "127.0.0.1")
                    .setHandler(Handlers.path().addPrefixPath(ConfigEndpoints.PREFIX, control.endpoints())).build();
            admin.start();
            started.add(admin::stop);
            started.add(control);
            InetSocketAddress at = (InetSocketAddress) admin.getListenerInfo().get(0).getAddress();
            adminUrl = "http://127.0.0.1:" + at.getPort();
            if (connect) {
                connect();
            }
        }

        final String adminUrl;

        void connect() {
            control.connect(adminUrl, () -> true);
        }

        ConfigAgent agent() {
            return control.agent();
        }

        Duration ttl() {
            return holder.get().property("acme.cdn.test").orElseThrow().defaultTtl();
        }
    }

    private HttpResponse<String> push(String yaml, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.url() + "/v1/config"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void aPushCommitsOnEveryLiveNodeAndOnTheConsole() throws Exception {
        Node sjc = new Node("sjc", c -> Optional.empty(), true);
        Node iad = new Node("iad", c -> Optional.empty(), true);

        HttpResponse<String> response = push(config("30s"), OPERATOR);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = json(response);
        assertThat(result.get("state").asText()).isEqualTo("COMMITTED");
        assertThat(result.get("away")).isEmpty();
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(console.url() + "/v1/nodes"))
                .header("Authorization", "Bearer " + OPERATOR).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(listed)).extracting(n -> n.get("id").asText()).containsExactly("iad", "sjc");
        assertThat(sjc.agent().runningVersion()).isEqualTo(result.get("version").asLong());
        assertThat(sjc.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(iad.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(console.config().get().property("acme.cdn.test").orElseThrow().defaultTtl())
                .isEqualTo(Duration.ofSeconds(30));
        JsonNode second = json(push(config("60s"), OPERATOR));
        assertThat(second.get("state").asText()).isEqualTo("COMMITTED");
        HttpResponse<String> recorded = http.send(HttpRequest.newBuilder(URI.create(console.url() + "/v1/config/versions/"
                + second.get("version").asLong())).header("Authorization", "Bearer " + OPERATOR).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode version = json(recorded);
        assertThat(version.at("/version/diff").asText().lines().filter(l -> !l.startsWith(" ")))
                .containsExactly("-        defaultTtl: 30s", "+        defaultTtl: 60s");
        assertThat(version.get("votes")).hasSize(4);
    }

    @Test
    void oneNodeRefusingAbortsThePushAndNobodySwitches() throws Exception {
        Node sjc = new Node("sjc", c -> Optional.empty(), true);
        Node iad = new Node("iad", c -> Optional.of("its certificate file is missing"), true);

        HttpResponse<String> response = push(config("30s"), OPERATOR);

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode result = json(response);
        assertThat(result.get("state").asText()).isEqualTo("ABORTED");
        assertThat(result.get("reason").asText()).contains("iad", "its certificate file is missing");
        assertThat(sjc.ttl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(iad.ttl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(sjc.agent().commit(result.get("version").asLong()).accepted())
                .as("the version sjc held was dropped by the abort").isFalse();
        assertThat(sjc.agent().runningVersion()).isZero();
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeAbortsThePush() throws Exception {
        Node sjc = new Node("sjc", c -> Optional.empty(), true);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.start();
            new NodeRegistry(console.database()).register(
                    new NodeRegistration("iad", "edge", "http://127.0.0.1:" + silent.getLocalPort(),
                            "test", 0, true), Instant.now());

            HttpResponse<String> response = push(config("30s", "1s"), OPERATOR);

            JsonNode result = json(response);
            assertThat(result.get("state").asText()).isEqualTo("ABORTED");
            assertThat(result.get("reason").asText()).contains("iad", "no answer");
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing what the test opened
                }
            });
            assertThat(sjc.ttl()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aNodeAwayDuringTheCommitCatchesUpWhenItReturns() throws Exception {
        Node sjc = new Node("sjc", c -> Optional.empty(), true);
        Node iad = new Node("iad", c -> Optional.empty(), false);

        JsonNode result = json(push(config("30s"), OPERATOR));

        assertThat(result.get("state").asText()).isEqualTo("COMMITTED");
        assertThat(result.get("away")).extracting(JsonNode::asText).containsExactly("iad");
        assertThat(iad.ttl()).isEqualTo(Duration.ofSeconds(1));
        iad.connect();
        assertThat(iad.agent().runningVersion()).isEqualTo(result.get("version").asLong());
        assertThat(iad.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(sjc.ttl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aNodeThatMissedTheCommitMessageCatchesUpOnItsNextContact() throws Exception {
        Node sjc = new Node("sjc", c -> Optional.empty(), true);
        Node iad = new Node("iad", c -> Optional.empty(), true);
        JsonNode first = json(push(config("30s"), OPERATOR));
        assertThat(first.get("state").asText()).isEqualTo("COMMITTED");

        // iad was partitioned for the next push: it held nothing, ran version 1 on.
        iad.control.close();
        ConfigVersions versions = new ConfigVersions(console.database());
        long second = versions.begin(config("60s"), "test", Instant.now());
        assertThat(versions.commit(second, Instant.now())).isTrue();

        iad.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> iad.agent().runningVersion() == second);
        assertThat(iad.ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(sjc.agent().runningVersion()).isGreaterThanOrEqualTo(first.get("version").asLong());
    }

    @Test
    void twoPushesAtOnceCannotBothCommit() throws Exception {
        CountDownLatch bothSent = new CountDownLatch(1);
        new Node("sjc", c -> {
            try {
                bothSent.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }, true);
        ExecutorService pushers = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> a = pushers.submit(() -> push(config("30s"), OPERATOR));
            Future<HttpResponse<String>> b = pushers.submit(() -> push(config("60s"), OPERATOR));
            // One of the two holds the head and waits on sjc; the other is refused at once.
            HttpResponse<String> refused = await().atMost(Duration.ofSeconds(20)).until(
                    () -> a.isDone() ? a.get() : b.isDone() ? b.get() : null, r -> r != null);
            bothSent.countDown();
            HttpResponse<String> other = refused == a.get() ? b.get() : a.get();
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("is being pushed");
            assertThat(json(other).get("state").asText()).isEqualTo("COMMITTED");
        } finally {
            bothSent.countDown();
            pushers.shutdownNow();
        }
        assertThat(new ConfigVersions(console.database()).recent(10))
                .filteredOn(v -> v.state() == ConfigVersions.State.COMMITTED).hasSize(1);
    }

    @Test
    void anInvalidFileIsRefusedWithItsErrorsAndNothingIsRecorded() throws Exception {
        HttpResponse<String> response = push(config("whenever"), OPERATOR);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("defaultTtl");
        assertThat(new ConfigVersions(console.database()).recent(10)).isEmpty();
    }

    @Test
    void pushingNeedsAnOperatorToken() throws Exception {
        assertThat(push(config("30s"), "sjc-node-token-000000").statusCode()).isEqualTo(401);
        assertThat(push(config("30s"), "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void aNodeCannotRegisterAsAnotherOrUnderAnUnknownToken() throws Exception {
        String asIad = JSON.writeValueAsString(new NodeRegistration("iad", "edge",
                "http://127.0.0.1:9", "test", 0, true));
        HttpResponse<String> impersonating = http.send(HttpRequest.newBuilder(URI.create(console.url() + "/v1/nodes/register"))
                .header("Authorization", "Bearer sjc-node-token-000000").POST(HttpRequest.BodyPublishers.ofString(asIad))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(console.url() + "/v1/nodes/register"))
                .header("Authorization", "Bearer nobody-node-token-00000").POST(HttpRequest.BodyPublishers.ofString(asIad))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(impersonating.statusCode()).isEqualTo(403);
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(console.url() + "/v1/nodes"))
                .header("Authorization", "Bearer " + OPERATOR).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.body()).isEqualTo("[]");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(new NodeRegistry(console.database()).all()).isEmpty();
    }
}
