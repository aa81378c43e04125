package dev.meridian.gtm.dns;

import static dev.meridian.gtm.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.gtm.DnsTestClient;
import dev.meridian.gtm.TestConfigs;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.state.InMemoryNetworkState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Both UDP paths over real loopback sockets: the JDK's channels and batched recvmmsg/sendmmsg. Each must
 * answer alike, keep up with bursts from several clients, shrug off hostile datagrams, and stop cleanly;
 * a JVM where JNA cannot load must fall back to the channels and still answer.
 */
class UdpServerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path stateDir;
    private SimpleMeterRegistry registry;
    private QueryHandler handler;
    private final List<UdpServer> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        handler = handler(TestConfigs.standard(stateDir));
    }

    private QueryHandler handler(MeridianConfig config) throws IOException {
        registry = new SimpleMeterRegistry();
        Clock clock = Clock.systemUTC();
        return new QueryHandler(config, new InMemoryNetworkState(() -> Duration.ofSeconds(30), 1000),
                PersistenceTable.open(stateDir.resolve("p.tsv"), 1000, clock.instant()),
                new DecisionRecorder(registry, DecisionRecorder.LogPolicy.off()), registry, clock);
    }

    @AfterEach
    void stop() throws IOException {
        for (UdpServer s : started) {
            s.close();
        }
    }

    private UdpServer start(UdpServer.Io io, InetSocketAddress at, int threads) throws IOException {
        if (io == UdpServer.Io.BATCHED) {
            requireBatched();
        }
        UdpServer server = UdpServer.start(at, threads, handler, io);
        started.add(server);
        assertThat(server.io()).isEqualTo(io);
        return server;
    }

    /** Batched UDP needs Linux on amd64 or aarch64 and JNA's native stub; CI has them, on every JDK it runs. */
    private static void requireBatched() {
        String why = UdpServer.batchedUnavailable();
        if (why != null && "true".equals(System.getenv("CI"))) {
            fail("batched UDP must run in CI: " + why);
        }
        Assumptions.assumeTrue(why == null, "batched UDP is not available: " + why);
    }

    private double udpAnswers(int rcode) {
        var counter = registry.find("meridian_gtm_queries").tag("transport", "udp").tag("rcode", Rcode.string(rcode)).counter();
        return counter == null ? 0 : counter.count();
    }

    /** What the GTM itself asks for: batches wherever they can run, so CI fails if they silently fell back. */
    @Test
    void autoBatchesWhereTheNativePathLoads() throws IOException {
        requireBatched();
        UdpServer server = UdpServer.start(LOOPBACK, 1, handler);
        started.add(server);
        assertThat(server.io()).isEqualTo(UdpServer.Io.BATCHED);
        assertThat(DnsTestClient.udp(server.address(), query("acme.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @ParameterizedTest
    @EnumSource(value = UdpServer.Io.class, names = {"CHANNEL", "BATCHED"})
    void answersLikeTheHandler(UdpServer.Io io) throws IOException {
        UdpServer server = start(io, LOOPBACK, 2);

        Message pinned = DnsTestClient.udp(server.address(), query("acme.cdn.test", Type.A, 1232, "10.1.0.0/16"));
        assertThat(pinned.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(pinned.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("127.0.0.11");
        assertThat(pinned.getOPT().getOptions().toString()).contains("10.1.0.0/16, scope netmask 16");

        Message plain = DnsTestClient.udp(server.address(), query("acme.cdn.test", Type.A));
        assertThat(plain.getSection(Section.ANSWER).get(0).rdataToString()).isIn("127.0.0.11", "127.0.0.12", "127.0.0.13");
        assertThat(DnsTestClient.udp(server.address(), query("missing.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(DnsTestClient.udp(server.address(), query("example.org", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);

        // A long CNAME and sixteen AAAA records do not fit the classic 512 bytes: cut at an RRset boundary, TC set.
        String alias = "a-rather-long-customer-hostname-to-fill-the-packet.acme.test";
        Message wide = DnsTestClient.udp(server.address(), query(alias, Type.AAAA));
        assertThat(wide.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(wide.getSection(Section.ANSWER)).hasSize(1);
        assertThat(udpAnswers(Rcode.NOERROR)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = UdpServer.Io.class, names = {"CHANNEL", "BATCHED"})
    void burstsFromSeveralClientsAreAllAnswered(UdpServer.Io io) throws Exception {
        UdpServer server = start(io, LOOPBACK, 2);
        int clients = 4;
        int perClient = 150;
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                DatagramSocket s = new DatagramSocket(LOOPBACK);
                s.setReceiveBufferSize(1 << 20);
                s.setSoTimeout(5000);
                sockets.add(s);
            }
            // Every client fires its whole burst before reading: the server's queue holds many packets at once.
            for (int c = 0; c < clients; c++) {
                for (int i = 0; i < perClient; i++) {
                    Message q = query("acme.cdn.test", Type.A, 1232, "10." + (i % 2 + 1) + ".0.0/16");
                    q.getHeader().setID(c * perClient + i);
                    byte[] wire = q.toWire();
                    sockets.get(c).send(new DatagramPacket(wire, wire.length, server.address()));
                }
            }
            for (int c = 0; c < clients; c++) {
                Set<Integer> ids = new HashSet<>();
                byte[] buf = new byte[1232];
                for (int i = 0; i < perClient; i++) {
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    sockets.get(c).receive(in);
                    Message r = new Message(Arrays.copyOf(buf, in.getLength()));
                    int query = r.getHeader().getID() - c * perClient;
                    assertThat(query).as("a response to this client's own query").isBetween(0, perClient - 1);
                    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
                    // Each response carries its own query's answer: 10.1/16 is pinned to sjc, 10.2/16 to iad.
                    assertThat(r.getSection(Section.ANSWER).get(0).rdataToString())
                            .isEqualTo(query % 2 == 0 ? "127.0.0.11" : "127.0.0.12");
                    ids.add(query);
                }
                assertThat(ids).as("every query answered once").hasSize(perClient);
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
        assertThat(udpAnswers(Rcode.NOERROR)).isEqualTo(clients * perClient);
    }

    /** Resolvers on different addresses, their queries interleaved in one queue, each get the answer for their own address. */
    @ParameterizedTest
    @EnumSource(value = UdpServer.Io.class, names = {"CHANNEL", "BATCHED"})
    void interleavedResolversEachGetTheirOwnAnswer(UdpServer.Io io) throws IOException {
        String yaml = TestConfigs.yaml(stateDir, "127.0.0.1:0", "127.0.0.1:0", "persistence: { duration: 10m }");
        String mapping = "- { cidrs: [ 10.2.0.0/16 ], to: [ iad ] }";
        String indent = "\n" + yaml.substring(yaml.lastIndexOf('\n', yaml.indexOf(mapping)) + 1, yaml.indexOf(mapping));
        handler = handler(TestConfigs.load(yaml.replace(mapping, mapping + indent + "- { cidrs: [ 127.0.0.2/32 ], to: [ fra ] }"
                + indent + "- { cidrs: [ 127.0.0.3/32 ], to: [ iad ] }")));
        UdpServer server = start(io, LOOPBACK, 1);
        Map<String, String> pinned = Map.of("127.0.0.2", "127.0.0.13", "127.0.0.3", "127.0.0.12");
        try (DatagramSocket two = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
             DatagramSocket three = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
            for (int i = 0; i < 100; i++) {
                DatagramSocket from = i % 3 == 0 ? three : two;
                Message q = query("acme.cdn.test", Type.A);
                q.getHeader().setID(i);
                byte[] wire = q.toWire();
                from.send(new DatagramPacket(wire, wire.length, server.address()));
            }
            for (DatagramSocket s : List.of(two, three)) {
                s.setSoTimeout(5000);
                int expected = s == three ? 34 : 66;
                for (int i = 0; i < expected; i++) {
                    byte[] buf = new byte[512];
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    s.receive(in);
                    Message r = new Message(Arrays.copyOf(buf, in.getLength()));
                    assertThat(r.getSection(Section.ANSWER).get(0).rdataToString())
                            .as("answer %d to %s", r.getHeader().getID(), s.getLocalAddress())
                            .isEqualTo(pinned.get(s.getLocalAddress().getHostAddress()));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = UdpServer.Io.class, names = {"CHANNEL", "BATCHED"})
    void hostileDatagramsGetFormerrOrNothingAndServingGoesOn(UdpServer.Io io) throws IOException {
        UdpServer server = start(io, LOOPBACK, 2);
        Random random = new Random(99);
        byte[] good = query("acme.cdn.test", Type.A, 1232, "10.1.0.0/16").toWire();
        try (DatagramSocket socket = new DatagramSocket(LOOPBACK)) {
            socket.send(new DatagramPacket(new byte[0], 0, server.address()));
            byte[] largest = new byte[65507];
            random.nextBytes(largest);
            largest[2] &= 0x7f;
            socket.send(new DatagramPacket(largest, largest.length, server.address()));
            for (int i = 0; i < 500; i++) {
                byte[] junk = new byte[random.nextInt(700)];
                random.nextBytes(junk);
                socket.send(new DatagramPacket(junk, junk.length, server.address()));
                socket.send(new DatagramPacket(good, i % good.length, server.address()));
            }
        }
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        Message formerr = new Message(DnsTestClient.udpRaw(server.address(), truncated));
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getID()).isEqualTo(((good[0] & 0xff) << 8) | (good[1] & 0xff));

        Message ok = DnsTestClient.udp(server.address(), query("acme.cdn.test", Type.A, 1232, "10.1.0.0/16"));
        assertThat(ok.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("127.0.0.11");
        assertThat(server.isHealthy()).as("every socket open, every thread alive").isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = UdpServer.Io.class, names = {"CHANNEL", "BATCHED"})
    void servesIpv6ClientsWithTheirOwnAddress(UdpServer.Io io) throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        Assumptions.assumeTrue(NetworkInterface.getByInetAddress(v6) != null, "this machine has no ::1");
        UdpServer server = start(io, new InetSocketAddress(v6, 0), 2);
        assertThat(server.address().getAddress()).isInstanceOf(Inet6Address.class);
        Message r = DnsTestClient.udp(server.address(), query("acme.cdn.test", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = UdpServer.Io.class, names = {"CHANNEL", "BATCHED"})
    void closingStopsEveryThreadAndFreesTheAddress(UdpServer.Io io) throws IOException {
        UdpServer server = start(io, LOOPBACK, 3);
        InetSocketAddress at = server.address();
        assertThat(DnsTestClient.udp(at, query("acme.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        server.close();
        assertThat(server.isHealthy()).isFalse();
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setSoTimeout(300);
            byte[] wire = query("acme.cdn.test", Type.A).toWire();
            probe.send(new DatagramPacket(wire, wire.length, at));
            probe.receive(new DatagramPacket(new byte[512], 512));
            fail("a closed server answered");
        } catch (SocketTimeoutException | PortUnreachableException expected) {
            // nothing listens there any more
        }
        try (DatagramSocket again = new DatagramSocket(at)) {
            assertThat(again.getLocalPort()).isEqualTo(at.getPort());
        }
    }

    /**
     * A JVM where JNA's native stub cannot load (as on a platform JNA has no build for, or with a noexec
     * temporary directory) picks the JDK's channels by itself, says why, and answers.
     */
    @Test
    void withoutJnaAutoFallsBackToChannels(@TempDir Path noStub) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djna.nosys=true", "-Djna.nounpack=true",
                "-Djna.boot.library.path=" + noStub, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FallbackMain.class.getName(),
                stateDir.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.startsWith("serving ")) {
                seen.add(line);
            }
            assertThat(line).as("child output: %s", seen).isNotNull();
            assertThat(seen).anyMatch(l -> l.startsWith("batched UDP unavailable: ") && l.contains("JNA native support"));
            String[] parts = line.split(" ");
            assertThat(parts[1]).isEqualTo("CHANNEL");
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[2]));
            Message pinned = DnsTestClient.udp(at, query("acme.cdn.test", Type.A, 1232, "10.2.0.0/16"));
            assertThat(pinned.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("127.0.0.12");
        } finally {
            child.getOutputStream().close(); // the child stops when its stdin ends
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
    }
}
