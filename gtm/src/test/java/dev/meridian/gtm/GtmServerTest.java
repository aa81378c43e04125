package dev.meridian.gtm;

import static dev.meridian.gtm.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The running server over real loopback sockets: transports, limits, hostile input, admin API, restart. */
class GtmServerTest {
    @TempDir
    Path stateDir;
    private final List<GtmServer> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private GtmServer start(ConfigHolder holder) throws IOException {
        GtmServer s = GtmServer.start(holder);
        started.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        started.forEach(GtmServer::close);
    }

    private static String firstAddress(Message m) {
        return m.getSection(Section.ANSWER).get(m.getSection(Section.ANSWER).size() - 1).rdataToString();
    }

    @Test
    void answersOverUdpAndTcpOnTheSamePort() throws IOException {
        GtmServer gtm = start(new ConfigHolder(TestConfigs.standard(stateDir)));
        assertThat(gtm.udpAddress().getPort()).isEqualTo(gtm.tcpAddress().getPort());
        assertThat(DnsTestClient.udp(gtm.udpAddress(), query("acme.cdn.test", Type.A)).getSection(Section.ANSWER)).hasSize(1);
        assertThat(DnsTestClient.tcp(gtm.tcpAddress(), query("acme.cdn.test", Type.A)).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void tcpAnswersPipelinedQueriesInOrderOnOneConnection() throws IOException {
        GtmServer gtm = start(new ConfigHolder(TestConfigs.standard(stateDir)));
        String[] names = {"acme.cdn.test", "missing.cdn.test", "app.cdn.test", "cdn.test"};
        try (Socket s = new Socket()) {
            s.connect(gtm.tcpAddress(), 3000);
            s.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            List<Integer> ids = new ArrayList<>();
            for (String name : names) {
                Message q = query(name, Type.A);
                ids.add(q.getHeader().getID());
                byte[] wire = q.toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < names.length; i++) {
                Message r = DnsTestClient.readTcp(in);
                assertThat(r.getHeader().getID()).isEqualTo(ids.get(i));
                assertThat(r.getQuestion().getName().toString()).isEqualTo(names[i] + ".");
            }
        }
    }

    @Test
    void tcpClosesIdleAndHalfSentConnections() throws IOException {
        GtmServer gtm = start(new ConfigHolder(TestConfigs.withDns(stateDir,
                "  tcpIdleTimeout: 300ms\n  tcpMaxConnections: 3")));
        try (Socket silent = new Socket(); Socket liar = new Socket()) {
            silent.connect(gtm.tcpAddress(), 3000);
            silent.setSoTimeout(5000);
            liar.connect(gtm.tcpAddress(), 3000);
            liar.setSoTimeout(5000);
            // Announces 500 bytes, sends 20.
            OutputStream out = liar.getOutputStream();
            out.write(new byte[] {0x01, (byte) 0xF4});
            out.write(new byte[20]);
            out.flush();

            // Meanwhile everyone else is served.
            assertThat(DnsTestClient.tcp(gtm.tcpAddress(), query("acme.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(DnsTestClient.udp(gtm.udpAddress(), query("acme.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);

            assertThat(readUntilClosed(silent.getInputStream())).as("idle connection closed without a reply").isEqualTo(-1);
            assertThat(readUntilClosed(liar.getInputStream())).as("half-sent message: closed").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gtm.tcpConnections() == 0);
    }

    @Test
    void tcpConnectionsAreBounded() throws IOException {
        GtmServer gtm = start(new ConfigHolder(TestConfigs.withDns(stateDir, "  tcpMaxConnections: 3")));

        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket();
                s.connect(gtm.tcpAddress(), 3000);
                held.add(s);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gtm.tcpConnections() == 3);
            try (Socket extra = new Socket()) {
                extra.connect(gtm.tcpAddress(), 3000);
                extra.setSoTimeout(5000);
                assertThat(readUntilClosed(extra.getInputStream())).as("over the bound: closed at once").isEqualTo(-1);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gtm.tcpConnections() == 0);
        assertThat(DnsTestClient.tcp(gtm.tcpAddress(), query("acme.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void hostileUdpInputIsAnsweredWithFormerrOrDroppedAndServingGoesOn() throws IOException {
        GtmServer gtm = start(new ConfigHolder(TestConfigs.standard(stateDir)));
        Random random = new Random(1234);
        byte[] good = query("acme.cdn.test", Type.A, 1232, "10.1.0.0/16").toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[random.nextInt(600)];
                random.nextBytes(junk);
                if (i % 3 == 0 && junk.length > 12) {
                    junk[2] &= 0x7f; // look like a query so it gets parsed, not dropped
                }
                socket.send(new DatagramPacket(junk, junk.length, gtm.udpAddress()));
                // Every prefix of a good query, including ones cut inside the ECS option.
                int cut = i % good.length;
                socket.send(new DatagramPacket(good, cut, gtm.udpAddress()));
            }
        }
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        Message formerr = new Message(DnsTestClient.udpRaw(gtm.udpAddress(), truncated));
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getID()).isEqualTo(((good[0] & 0xff) << 8) | (good[1] & 0xff));

        Message ok = DnsTestClient.udp(gtm.udpAddress(), query("acme.cdn.test", Type.A, 1232, "10.1.0.0/16"));
        assertThat(ok.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(firstAddress(ok)).isEqualTo("127.0.0.11");
        assertThat(gtm.isHealthy()).as("every receive thread still alive").isTrue();
    }

    @Test
    void operatorMarksAddressesDownWithAToken() throws Exception {
        GtmServer gtm = start(new ConfigHolder(TestConfigs.standard(stateDir)));
        String base = "http://127.0.0.1:" + gtm.adminAddress().getPort();
        assertThat(post(base + "/v1/addresses/127.0.0.11/down", null).statusCode()).isEqualTo(401);
        assertThat(post(base + "/v1/addresses/127.0.0.11/down", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
        assertThat(post(base + "/v1/addresses/203.0.113.1/down", TestConfigs.OPERATOR_TOKEN).statusCode()).isEqualTo(404);

        HttpResponse<String> marked = post(base + "/v1/addresses/127.0.0.11/down", TestConfigs.OPERATOR_TOKEN);
        assertThat(marked.statusCode()).isEqualTo(200);
        assertThat(marked.body()).contains("\"status\":\"down\"");
        // 10.1/16 is pinned to sjc (127.0.0.11); with sjc down it gets another POP.
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(firstAddress(DnsTestClient.udp(gtm.udpAddress(), query("acme.cdn.test", Type.A, 1232, "10.1.0.0/16"))));
        }
        assertThat(seen).isNotEmpty().doesNotContain("127.0.0.11");

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/addresses"))
                .header("Authorization", "Bearer " + TestConfigs.OPERATOR_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains("\"127.0.0.11\":{\"status\":\"down\",\"source\":\"operator\"");

        post(base + "/v1/addresses/127.0.0.11/auto", TestConfigs.OPERATOR_TOKEN);
        assertThat(firstAddress(DnsTestClient.udp(gtm.udpAddress(), query("acme.cdn.test", Type.A, 1232, "10.1.0.0/16"))))
                .isEqualTo("127.0.0.11");
    }

    @Test
    void metricsCountDecisionsPerHostnameAddressAndPop() throws Exception {
        GtmServer gtm = start(new ConfigHolder(TestConfigs.standard(stateDir)));
        for (int i = 0; i < 5; i++) {
            DnsTestClient.udp(gtm.udpAddress(), query("acme.cdn.test", Type.A, 1232, "10.2.0.0/16"));
        }
        DnsTestClient.udp(gtm.udpAddress(), query("nothing.cdn.test", Type.A));
        String base = "http://127.0.0.1:" + gtm.adminAddress().getPort();
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics)
                .contains("meridian_gtm_decisions_total{hostname=\"acme.cdn.test\",reason=\"static\"} 5.0")
                .contains("meridian_gtm_answers_total{address=\"127.0.0.12\",hostname=\"acme.cdn.test\"} 5.0")
                .contains("meridian_gtm_pop_answers_total{pop=\"iad\"} 5.0")
                .contains("meridian_gtm_queries_total{rcode=\"NXDOMAIN\",transport=\"udp\"} 1.0");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void persistedAnswersSurviveARestart() throws IOException {
        ConfigHolder holder = new ConfigHolder(TestConfigs.standard(stateDir));
        GtmServer first = start(holder);
        String answer = firstAddress(DnsTestClient.udp(first.udpAddress(), query("app.cdn.test", Type.A, 1232, "10.7.7.0/24")));
        first.close();
        started.remove(first);

        GtmServer second = start(holder);
        for (int i = 0; i < 20; i++) {
            Message r = DnsTestClient.udp(second.udpAddress(), query("app.cdn.test", Type.A, 1232, "10.7.7.0/24"));
            assertThat(firstAddress(r)).isEqualTo(answer);
            assertThat(r.getSection(Section.ANSWER)).extracting(Record::getTTL).containsOnly(20L);
        }
    }

    @Test
    void reloadedConfigIsServedFromTheNextQuery() throws IOException {
        ConfigHolder holder = new ConfigHolder(TestConfigs.standard(stateDir));
        GtmServer gtm = start(holder);
        assertThat(DnsTestClient.udp(gtm.udpAddress(), query("new.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        String yaml = TestConfigs.yaml(stateDir, "127.0.0.1:0", "127.0.0.1:0", "persistence: { duration: 1m }")
                .replace("      - host: app.cdn.test", "      - host: new.cdn.test\n"
                        + "        dns: { servers: [ { address: 198.51.100.7 } ] }\n"
                        + "      - host: app.cdn.test");
        try {
            holder.reload(() -> TestConfigs.load(yaml));
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        assertThat(firstAddress(DnsTestClient.udp(gtm.udpAddress(), query("new.cdn.test", Type.A)))).isEqualTo("198.51.100.7");
    }

    private HttpResponse<String> post(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException e) {
            return -1; // reset by the server: closed as well
        }
    }
}
