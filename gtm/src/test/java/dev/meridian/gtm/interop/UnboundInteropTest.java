package dev.meridian.gtm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.gtm.GtmServer;
import dev.meridian.gtm.TestConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GTM behind a real recursive resolver: Debian's unbound, with stub zones pointing at the GTM and EDNS
 * Client Subnet forwarded, queried with dig as a client in two different subnets would be.
 */
class UnboundInteropTest {
    @TempDir
    static Path dir;
    private static GtmServer gtm;
    private static UnboundResolver unbound;
    private static Path dig;

    @BeforeAll
    static void start() throws Exception {
        dig = SystemTool.require("dig", "bind9-dnsutils");
        Path unboundBinary = SystemTool.require("unbound", "unbound");
        gtm = GtmServer.start(new ConfigHolder(TestConfigs.standard(dir)));
        unbound = UnboundResolver.start(unboundBinary, dir.resolve("unbound"), gtm.udpAddress(), List.of("cdn.test", "acme.test"));
    }

    @AfterAll
    static void stop() {
        if (unbound != null) {
            unbound.close();
        }
        if (gtm != null) {
            gtm.close();
        }
    }

    private static String viaUnbound(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(dig.toString(), "@" + unbound.address().getAddress().getHostAddress(),
                "-p", String.valueOf(unbound.address().getPort()), "+time=5", "+tries=2"));
        cmd.addAll(List.of(args));
        return ToolRun.run(dir, cmd);
    }

    @Test
    void twoClientSubnetsGetTheAnswersThePolicySays() throws Exception {
        String west = viaUnbound("acme.cdn.test", "A", "+subnet=10.1.2.0/24");
        String east = viaUnbound("acme.cdn.test", "A", "+subnet=10.2.3.0/24");
        assertThat(west).contains("status: NOERROR").containsPattern("acme\\.cdn\\.test\\.\\s+\\d+\\s+IN\\s+A\\s+127\\.0\\.0\\.11\\b");
        assertThat(east).contains("status: NOERROR").containsPattern("acme\\.cdn\\.test\\.\\s+\\d+\\s+IN\\s+A\\s+127\\.0\\.0\\.12\\b");
        // Asked again, each still gets its own (unbound's subnet cache keeps them apart).
        assertThat(viaUnbound("acme.cdn.test", "A", "+subnet=10.1.9.0/24", "+short")).isEqualTo("127.0.0.11\n");
    }

    @Test
    void hostnameCnamedFromAnotherZoneResolvesThrough() throws Exception {
        String out = viaUnbound("images.acme.test", "A", "+subnet=10.2.3.0/24");
        assertThat(out).contains("status: NOERROR")
                .containsPattern("images\\.acme\\.test\\.\\s+\\d+\\s+IN\\s+CNAME\\s+acme\\.cdn\\.test\\.")
                .containsPattern("acme\\.cdn\\.test\\.\\s+\\d+\\s+IN\\s+A\\s+127\\.0\\.0\\.12\\b");
    }

    @Test
    void nonexistentNamesAreNxdomainThroughTheResolver() throws Exception {
        assertThat(viaUnbound("nothing-here.cdn.test", "A")).contains("status: NXDOMAIN");
    }
}
