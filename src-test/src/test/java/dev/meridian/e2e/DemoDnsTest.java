package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.cli.Demo;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The demo with its GTM: a client resolves the CDN hostname, is sent to a POP, and fetches through it. */
class DemoDnsTest {
    @TempDir
    Path stateDir;

    private MeridianConfig config(int originPort) throws Exception {
        String yaml = """
                dns: { zone: cdn.test, listen: "127.0.0.1:0", admin: "127.0.0.1:0", stateDir: "%s" }
                pops:
                  - id: one
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:%d" } ]
                        dns:
                          staticMappings: [ { cidrs: [ 198.51.100.0/24 ], to: [ one ] } ]
                """.formatted(stateDir, originPort);
        return new ConfigLoader().loadYaml("demo-dns-test.yaml", yaml);
    }

    @Test
    void aClientResolvesThroughTheGtmAndFetchesFromThePopItWasSentTo() throws Exception {
        int originPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            originPort = s.getLocalPort();
        }
        try (Demo demo = Demo.start(config(originPort))) {
            assertThat(demo.gtm()).isNotNull();
            Message query = Message.newQuery(Record.newRecord(Name.fromString("acme.cdn.test."), Type.A, DClass.IN));
            query.addRecord(new OPTRecord(1232, 0, 0, 0, new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0"))),
                    Section.ADDITIONAL);
            Message answer = udp(demo, query);
            assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
            String address = answer.getSection(Section.ANSWER).get(0).rdataToString();
            EdgeServer pop = demo.edges().get("one");
            assertThat(address).isEqualTo(pop.httpAddress().getAddress().getHostAddress());

            try (Response r = new OkHttpClient().newCall(new Request.Builder()
                    .url("http://" + address + ":" + pop.httpAddress().getPort() + "/assets/site.css")
                    .header("Host", "acme.cdn.test").build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }

            ByteArrayOutputStream guide = new ByteArrayOutputStream();
            demo.printGuide(new PrintStream(guide, true, StandardCharsets.UTF_8));
            assertThat(guide.toString(StandardCharsets.UTF_8))
                    .contains("dig @127.0.0.1 -p " + demo.gtm().udpAddress().getPort() + " acme.cdn.test +subnet=198.51.100.0/24");
        }
    }

    private static Message udp(Demo demo, Message query) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, demo.gtm().udpAddress()));
            byte[] buf = new byte[1500];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            socket.receive(in);
            return new Message(Arrays.copyOf(buf, in.getLength()));
        }
    }
}
