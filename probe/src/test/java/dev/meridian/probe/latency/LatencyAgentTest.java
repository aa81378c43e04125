package dev.meridian.probe.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.probe.ManualClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LatencyAgentTest {
    private final ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        pool.shutdownNow();
    }

    /** A method that records that it was asked and answers as told. */
    private record Scripted(String name, Optional<PathSample> answer, List<String> calls) implements MeasurementMethod {
        @Override
        public Optional<PathSample> measure(String pop, InetAddress target) {
            calls.add(name);
            return answer;
        }
    }

    @Test
    void triesMethodsCheapestFirstAndStopsAtTheFirstReply() throws Exception {
        List<String> calls = new ArrayList<>();
        LatencyAgent agent = new LatencyAgent("sjc", List.of(
                new Scripted("dns", Optional.empty(), calls),
                new Scripted("tcp", Optional.of(new PathSample(12, 0.0)), calls),
                new Scripted("icmp", Optional.of(new PathSample(99, 0.0)), calls)), clock, pool);

        Measurement m = agent.measureOne(InetAddress.getByName("192.0.2.1"));

        assertThat(calls).containsExactly("dns", "tcp");
        assertThat(m.method()).isEqualTo("tcp");
        assertThat(m.rttMs()).isEqualTo(12);
        assertThat(m.pop()).isEqualTo("sjc");
        assertThat(m.at()).isEqualTo(clock.instant());
    }

    @Test
    void noMethodRepliesMeansUnreachableWithFullLoss() throws Exception {
        List<String> calls = new ArrayList<>();
        LatencyAgent agent = new LatencyAgent("sjc", List.of(new Scripted("dns", Optional.empty(), calls)), clock, pool);
        Measurement m = agent.measureOne(InetAddress.getByName("192.0.2.1"));
        assertThat(m.replied()).isFalse();
        assertThat(m.loss()).isEqualTo(1.0);
        assertThat(m.method()).isEqualTo(Measurement.NO_REPLY);
    }

    @Test
    void dnsRoundTripCountsAnyReplyToOurQuery() throws Exception {
        DatagramSocket responder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        toClose.add(responder);
        Thread t = new Thread(() -> {
            byte[] buf = new byte[512];
            while (!responder.isClosed()) {
                try {
                    DatagramPacket q = new DatagramPacket(buf, buf.length);
                    responder.receive(q);
                    buf[2] |= (byte) 0x80; // QR: a response, content irrelevant
                    responder.send(new DatagramPacket(buf, q.getLength(), q.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.start();
        var method = new DnsRoundTripMethod(responder.getLocalPort(), Duration.ofSeconds(2), 3);
        Optional<PathSample> sample = method.measure("sjc", InetAddress.getByName("127.0.0.1"));
        assertThat(sample).isPresent();
        assertThat(sample.get().loss()).isZero();
        assertThat(sample.get().rttMs()).isBetween(0.0, 2000.0);
    }

    @Test
    void dnsRoundTripWithoutAResolverGivesNoResult() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            closedPort = s.getLocalPort();
        }
        var method = new DnsRoundTripMethod(closedPort, Duration.ofMillis(200), 2);
        assertThat(method.measure("sjc", InetAddress.getByName("127.0.0.1"))).isEmpty();
    }

    @Test
    void tcpConnectMeasuresOpenAndRefusedPortsAlike() throws Exception {
        ServerSocket open = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        toClose.add(open);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(new TcpConnectMethod(open.getLocalPort(), Duration.ofSeconds(2), 2).measure("sjc", loopback))
                .hasValueSatisfying(s -> assertThat(s.loss()).isZero());
        // The RST came back after a round trip: that is a measurement, not a loss.
        assertThat(new TcpConnectMethod(closedPort, Duration.ofSeconds(2), 2).measure("sjc", loopback))
                .hasValueSatisfying(s -> assertThat(s.loss()).isZero());
    }

    @Test
    void escalatesFromASilentDnsPortToTcpConnect() throws Exception {
        ServerSocket open = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        toClose.add(open);
        int silentUdp;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            silentUdp = s.getLocalPort();
        }
        LatencyAgent agent = new LatencyAgent("sjc", List.of(
                new DnsRoundTripMethod(silentUdp, Duration.ofMillis(200), 1),
                new TcpConnectMethod(open.getLocalPort(), Duration.ofSeconds(2), 1)), clock, pool);

        List<Measurement> batch = agent.measure(List.of(InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("127.0.0.1"))).get();

        assertThat(batch).hasSize(2).allSatisfy(m -> assertThat(m.method()).isEqualTo("tcp"));
    }
}
