package dev.meridian.gtm.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.HostPort;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.wire.ResultJson;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one GTM server tells its peers: batched, and a hung peer costs the others nothing. */
class PeerPublisherTest {
    private final List<List<ProbeResult>> batches = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private Undertow healthy;
    private ServerSocket hung;
    private Thread acceptor;

    @AfterEach
    void stop() throws IOException {
        if (healthy != null) {
            healthy.stop();
        }
        if (hung != null) {
            hung.close();
            acceptor.interrupt();
        }
        for (Socket s : held) {
            s.close();
        }
    }

    /** A peer that takes probe-result batches and keeps them. */
    private HostPort healthyPeer() {
        healthy = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(ex -> {
            if (ex.getRequestPath().equals("/v1/probes/results")) {
                ex.getRequestReceiver().receiveFullBytes((e, body) -> {
                    batches.add(ResultJson.readProbes(body));
                    e.getResponseSender().send("{}");
                });
            } else {
                ex.setStatusCode(404);
                ex.endExchange();
            }
        }).build();
        healthy.start();
        return new HostPort("127.0.0.1", ((InetSocketAddress) healthy.getListenerInfo().get(0).getAddress()).getPort());
    }

    /** A peer that accepts connections and never answers. */
    private HostPort hungPeer() throws IOException {
        hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                while (!hung.isClosed()) {
                    held.add(hung.accept());
                }
            } catch (IOException e) {
                // closed by the test
            }
        }, "hung-peer");
        acceptor.setDaemon(true);
        acceptor.start();
        return new HostPort("127.0.0.1", hung.getLocalPort());
    }

    private static ProbeResult result(int i) {
        return ProbeResult.success("127.0.0." + (i % 200 + 1), "gtm-a", Instant.ofEpochMilli(1_000L * i), i);
    }

    @Test
    void probeResultsGoOutAsOneBatchPerFlush() {
        PeerPublisher publisher = new PeerPublisher(List.of(healthyPeer()), "token");
        for (int i = 0; i < 50; i++) {
            publisher.probe(result(i));
        }
        publisher.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);
        assertThat(batches.get(0)).hasSize(50).containsExactlyElementsOf(
                IntStream.range(0, 50).mapToObj(PeerPublisherTest::result).toList());
        publisher.flush();
        assertThat(batches).as("nothing queued, nothing sent").hasSize(1);
    }

    @Test
    void aPeerThatHangsDoesNotStarveTheOthers() throws IOException {
        PeerPublisher publisher = new PeerPublisher(List.of(hungPeer(), healthyPeer()), "token");
        // Far more posts than a peer may have out: the hung one soon has all its own, the healthy one still gets every one.
        for (int i = 0; i < 5 * PeerPublisher.MAX_IN_FLIGHT_PER_PEER; i++) {
            publisher.probe(result(i));
            publisher.flush();
            int expected = i + 1;
            await().atMost(Duration.ofSeconds(3)).until(() -> batches.size() == expected);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == PeerPublisher.MAX_IN_FLIGHT_PER_PEER);
        assertThat(held).as("no more posts are started to the hung peer than its bound").hasSize(PeerPublisher.MAX_IN_FLIGHT_PER_PEER);
    }

    @Test
    void aFullQueueKeepsTheNewestResults() {
        PeerPublisher publisher = new PeerPublisher(List.of(healthyPeer()), "token");
        for (int i = 0; i < PeerPublisher.QUEUE + 10; i++) {
            publisher.probe(result(i));
        }
        publisher.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);
        assertThat(batches.get(0)).hasSize(PeerPublisher.QUEUE);
        assertThat(batches.get(0).get(0)).isEqualTo(result(10));
    }
}
