package dev.meridian.gtm.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.gtm.DnsTestClient;
import dev.meridian.gtm.GtmServer;
import dev.meridian.gtm.TestConfigs;
import dev.meridian.uplink.testing.StubConsole;
import dev.meridian.uplink.wire.DnsMinute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** Answers given over UDP (the wire fast path) and TCP (the general path) reach a stub console, counted per key. */
class GtmUsageTest {
    private static final String TOKEN = "gtm-east-token-0123456789";

    @TempDir
    Path stateDir;
    @TempDir
    Path spool;

    @Test
    void answersAreCountedPerHostnameAddressPopAndClientBlockAndShipped() throws Exception {
        try (StubConsole console = new StubConsole(0)) {
            ConfigHolder config = new ConfigHolder(config(console.url()));
            try (GtmServer gtm = GtmServer.start(config, "gtm-east")) {
                for (int i = 0; i < 3; i++) {
                    DnsTestClient.udp(gtm.udpAddress(), DnsTestClient.query("acme.cdn.test", Type.A, 1232, "10.1.2.0/24"));
                }
                DnsTestClient.tcp(gtm.tcpAddress(), DnsTestClient.query("acme.cdn.test", Type.A, 1232, "10.1.2.0/24"));
                DnsTestClient.udp(gtm.udpAddress(), DnsTestClient.query("acme.cdn.test", Type.A, 1232, "10.2.9.0/24"));
                DnsTestClient.udp(gtm.udpAddress(), DnsTestClient.query("missing.cdn.test", Type.A, 1232, "10.2.9.0/24"));
            }
            // Closing put the minute into the spool; the next start delivers it.
            try (GtmServer gtm = GtmServer.start(config, "gtm-east")) {
                await().until(() -> !console.received().isEmpty()
                        && Files.list(spool.resolve("gtm-east")).findAny().isEmpty());

                assertThat(console.received()).allSatisfy(r -> {
                    assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
                    assertThat(r.batch().node()).isEqualTo("gtm-east");
                    assertThat(r.batch().edge()).isEmpty();
                });
                List<DnsMinute> rows = console.received().stream().flatMap(r -> r.batch().dns().stream()).toList();
                Map<String, Long> byKey = rows.stream().collect(Collectors.groupingBy(
                        r -> r.hostname() + " " + r.answer() + " " + r.pop() + " " + r.clientBlock(),
                        Collectors.summingLong(DnsMinute::decisions)));
                assertThat(byKey).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "acme.cdn.test 127.0.0.11 sjc 10.1.2.0/24", 4L,
                        "acme.cdn.test 127.0.0.12 iad 10.2.9.0/24", 1L));
                assertThat(gtm.registry().get("meridian_gtm_usage_overflow").functionCounter().count()).isZero();
            }
        }
    }

    @Test
    void aGtmNotNamedInConsoleNodesShipsNothing() throws Exception {
        try (StubConsole console = new StubConsole(0);
             GtmServer gtm = GtmServer.start(new ConfigHolder(config(console.url())), "gtm-west")) {
            DnsTestClient.udp(gtm.udpAddress(), DnsTestClient.query("acme.cdn.test", Type.A, 1232, "10.1.2.0/24"));
            assertThat(gtm.registry().find("meridian_gtm_usage_overflow").functionCounter()).isNull();
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("usage-gtm-west-"));
        }
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    private MeridianConfig config(String consoleUrl) throws Exception {
        String yaml = TestConfigs.yaml(stateDir, "127.0.0.1:0", "127.0.0.1:0", "persistence: { duration: 10m }") + """
                console:
                  url: "%s"
                  nodes:
                    - { id: gtm-east, role: GTM, token: "%s" }
                  usage: { shipEvery: 200ms, spoolDir: "%s" }
                """.formatted(consoleUrl, TOKEN, spool);
        return new ConfigLoader(name -> null).loadYaml("test", yaml);
    }
}
