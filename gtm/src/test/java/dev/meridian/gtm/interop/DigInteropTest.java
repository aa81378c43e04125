package dev.meridian.gtm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.gtm.GtmServer;
import dev.meridian.gtm.TestConfigs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dig (bind9-dnsutils) against the GTM directly: a real client's view of the wire behaviour. */
class DigInteropTest {
    @TempDir
    static Path dir;
    private static GtmServer gtm;
    private static Path dig;

    @BeforeAll
    static void start() throws IOException {
        dig = SystemTool.require("dig", "bind9-dnsutils");
        gtm = GtmServer.start(new ConfigHolder(TestConfigs.standard(dir)));
    }

    @AfterAll
    static void stop() {
        if (gtm != null) {
            gtm.close();
        }
    }

    private static String dig(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(dig.toString(), "@127.0.0.1", "-p",
                String.valueOf(gtm.udpAddress().getPort()), "+time=3", "+tries=1"));
        cmd.addAll(List.of(args));
        return ToolRun.run(dir, cmd);
    }

    @Test
    void clientSubnetIsEchoedWithTheScopeOfTheDecision() throws Exception {
        String out = dig("acme.cdn.test", "A", "+subnet=10.1.2.0/24");
        assertThat(out).contains("status: NOERROR").contains("flags: qr aa")
                .contains("CLIENT-SUBNET: 10.1.2.0/24/16")
                .containsPattern("acme\\.cdn\\.test\\.\\s+15\\s+IN\\s+A\\s+127\\.0\\.0\\.11");
        assertThat(dig("acme.cdn.test", "A", "+subnet=10.2.2.0/24", "+short")).isEqualTo("127.0.0.12\n");
    }

    @Test
    void truncatedUdpAnswerIsRetriedOverTcpAndComesWhole() throws Exception {
        String out = dig("a-rather-long-customer-hostname-to-fill-the-packet.acme.test", "AAAA", "+noedns");
        assertThat(out).contains("Truncated, retrying in TCP mode").contains("ANSWER: 17").contains("(TCP)");
    }

    @Test
    void negativeAnswersAndRefusals() throws Exception {
        assertThat(dig("missing.cdn.test", "A")).contains("status: NXDOMAIN").contains("AUTHORITY: 1")
                .containsPattern("cdn\\.test\\.\\s+30\\s+IN\\s+SOA\\s+ns1\\.cdn\\.test\\.");
        assertThat(dig("acme.cdn.test", "TXT", "+tcp")).contains("status: NOERROR").contains("ANSWER: 0").contains("AUTHORITY: 1");
        assertThat(dig("www.example.com", "A")).contains("status: REFUSED");
        assertThat(dig("acme.cdn.test", "A", "+edns=1", "+noednsnegotiation")).contains("status: BADVERS");
    }

    @Test
    void minimalAnyAndCasePreserved() throws Exception {
        String out = dig("AcMe.Cdn.TEST", "ANY");
        assertThat(out).contains("ANSWER: 1").containsPattern("AcMe\\.Cdn\\.TEST\\.\\s+15\\s+IN\\s+A\\s+127\\.0\\.0\\.1[123]");
    }
}
