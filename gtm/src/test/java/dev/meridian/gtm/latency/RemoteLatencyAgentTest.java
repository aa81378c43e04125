package dev.meridian.gtm.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.IpAddresses;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.wire.ResultJson;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GTM's client of one POP's latency agent, against stand-in agents that answer well, badly or not at all. */
class RemoteLatencyAgentTest {
    private static final InetAddress ASKED = IpAddresses.parse("10.1.5.1");
    private final OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(500))
            .callTimeout(Duration.ofSeconds(1)).build();
    private final CountDownLatch release = new CountDownLatch(1);
    private Undertow server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop();
        }
        client.dispatcher().executorService().shutdownNow();
    }

    private RemoteLatencyAgent agentAt(HttpHandler handler) {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return new RemoteLatencyAgent("sjc", "127.0.0.1:" + port, "agent-test-token", client);
    }

    @Test
    void sendsTheBatchWithTheTokenAndKeepsOnlyWhatThisPopSaysAboutWhatWasAsked() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        byte[] answer = ResultJson.measurements(List.of(
                new Measurement("sjc", ASKED, 12.5, 0.0, "emulated", true, at),
                new Measurement("fra", ASKED, 1.0, 0.0, "emulated", true, at),
                new Measurement("sjc", IpAddresses.parse("10.9.9.9"), 1.0, 0.0, "emulated", true, at)));
        RemoteLatencyAgent agent = agentAt(ex -> ex.getRequestReceiver().receiveFullBytes((e, body) -> {
            seen.add(e.getRequestMethod() + " " + e.getRequestPath() + " " + e.getRequestHeaders().getFirst("Authorization")
                    + " " + new String(body, StandardCharsets.UTF_8));
            e.getResponseSender().send(ByteBuffer.wrap(answer));
        }));
        List<Measurement> results = agent.measure(List.of(ASKED)).get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("POST /v1/latency/measure Bearer agent-test-token [\"10.1.5.1\"]");
        assertThat(results).singleElement().satisfies(m -> {
            assertThat(m.pop()).isEqualTo("sjc");
            assertThat(m.rttMs()).isEqualTo(12.5);
            assertThat(m.emulated()).isTrue();
        });
    }

    @Test
    void anAgentThatFailsOrTalksNonsenseGivesNoResults() throws Exception {
        RemoteLatencyAgent failing = agentAt(ex -> ex.setStatusCode(503));
        assertThat(failing.measure(List.of(ASKED)).get(5, TimeUnit.SECONDS)).isEmpty();
        server.stop();
        RemoteLatencyAgent nonsense = agentAt(ex -> ex.getResponseSender().send("[{\"pop\": 7}"));
        assertThat(nonsense.measure(List.of(ASKED)).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void anUnreachableAgentGivesNoResultsQuickly() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        RemoteLatencyAgent agent = new RemoteLatencyAgent("sjc", "127.0.0.1:" + closed, "t", client);
        assertThat(agent.measure(List.of(ASKED)).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aHangingAgentNeverHoldsTheCallerAndGivesUpAtTheCallTimeout() throws Exception {
        RemoteLatencyAgent agent = agentAt(ex -> ex.dispatch(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        long start = System.nanoTime();
        CompletableFuture<List<Measurement>> pending = agent.measure(List.of(ASKED));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(pending.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        // Two batches out at once at most: a third is skipped at once rather than queued.
        agent.measure(List.of(ASKED));
        agent.measure(List.of(ASKED));
        assertThat(agent.measure(List.of(ASKED)).getNow(null)).isEmpty();
    }
}
