package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbesConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private MeridianConfig load(String probes) throws ConfigException {
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: 127.0.0.1:5353
                  %s
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
                """.formatted(probes);
        return loader.loadYaml("test.yaml", yaml);
    }

    @Test
    void probesAreOffUnlessConfigured() throws Exception {
        assertThat(load("").dns().probes()).isNull();
    }

    @Test
    void defaultsFailOverWithinTenSecondsAndEmulationStaysOff() throws Exception {
        ProbesConfig p = load("probes: {}").dns().probes();
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.downAfter()).isEqualTo(5);
        assertThat(p.edgeUrl()).isEqualTo("http://{admin}/healthz");
        assertThat(p.latency().timeConstant()).isEqualTo(Duration.ofSeconds(300));
        assertThat(p.latency().methods()).containsExactly("dns", "tcp", "icmp");
        assertThat(p.emulation()).isNull();
        assertThat(p.gtmVantage()).isTrue();
        assertThat(p.latency().agentsAtEdges()).isTrue();
    }

    @Test
    void edgesReportToThisGtmAndEveryPeer() throws Exception {
        MeridianConfig c = load("""
                admin: 127.0.0.1:9053
                  probes: { peers: [ "127.0.0.2:9053", "127.0.0.3:9053" ] }""");
        assertThat(c.dns().gtmAdmins()).extracting(HostPort::toString)
                .containsExactly("127.0.0.1:9053", "127.0.0.2:9053", "127.0.0.3:9053");
        assertThat(load("probes: {}").dns().gtmAdmins()).isEmpty();
    }

    @Test
    void theGtmsVantageNameIsNotAPops() {
        assertThatThrownBy(() -> load("probes: { vantage: sjc }"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .contains("dns.probes.vantage: names POP sjc; the GTM's probes need a vantage name of their own"));
    }

    @Test
    void agentsRunAtTheEdgesOrLocallyAndTheGtmsOwnVoteCanBeOff() throws Exception {
        ProbesConfig p = load("probes: { gtmVantage: false, latency: { agents: local } }").dns().probes();
        assertThat(p.gtmVantage()).isFalse();
        assertThat(p.latency().agentsAtEdges()).isFalse();
        assertThatThrownBy(() -> load("probes: { latency: { agents: everywhere } }"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .contains("dns.probes.latency.agents: \"everywhere\": must be one of [edges, local]"));
    }

    @Test
    void loadsEmulatedLinksChangesAndOutages() throws Exception {
        ProbesConfig p = load("""
                probes:
                    emulation:
                      probeLoss: 0.1
                      links:
                        - { pop: sjc, block: 10.1.0.0/16, rtt: 20ms }
                        - { pop: sjc, block: 10.1.0.0/16, rtt: 90ms, loss: 0.05, after: 60s }
                      outages: [ { pop: sjc, from: 30s, until: 45s } ]
                """).dns().probes();
        assertThat(p.emulation().links()).hasSize(2);
        assertThat(p.emulation().links().get(1).after()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.emulation().outages().get(0).until()).isEqualTo(Duration.ofSeconds(45));
        assertThat(p.emulation().probeLoss()).isEqualTo(0.1);
    }

    @Test
    void reportsErrorsWithTheirPaths() {
        assertThatThrownBy(() -> load("""
                probes:
                    downShare: 1.5
                    latency: { methods: [dns, carrier-pigeon], finestPrefixV4: 8 }
                    emulation: { links: [ { pop: sjc, block: nonsense, rtt: 5ms } ] }
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .contains("dns.probes.downShare: must be within 0..1 (exclusive)",
                                "dns.probes.latency.methods[1]: must be one of [dns, tcp, icmp]",
                                "dns.probes.latency.finestPrefixV4: must be within blockPrefixV4..32",
                                "dns.probes.emulation.links[0].block: not a CIDR block (10.1.0.0/16)"));
    }
}
