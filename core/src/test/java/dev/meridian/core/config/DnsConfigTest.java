package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsConfigTest {
    private static final String BASE = """
            dns: %s
            pops:
              - id: sjc
                edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
            customers:
              - id: acme
                properties:
                  - host: app.cdn.test
                    dns: %s
            """;

    private static MeridianConfig load(String dns, String hostname) throws ConfigException {
        String yaml = BASE.formatted(dns, hostname);
        return new ConfigLoader(Map.<String, String>of()::get)
                .loadYaml("t.yaml", yaml);
    }

    @Test
    void defaultsFillEverythingLeftOut() throws ConfigException {
        MeridianConfig c = load("{ zone: cdn.test, listen: 127.0.0.1:5353 }", "{ servers: [ { address: 192.0.2.1 } ] }");
        DnsConfig dns = c.dns();
        assertThat(dns.maxUdpPayload()).isEqualTo(1232);
        assertThat(dns.udpThreads()).isEqualTo(DnsConfig.DEFAULT_UDP_THREADS);
        assertThat(dns.tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(dns.decisionLog()).isEqualTo(DnsConfig.DecisionLog.SAMPLED);
        assertThat(dns.allZones()).containsExactly("cdn.test");
        HostnameDnsConfig h = c.property("app.cdn.test").orElseThrow().dns();
        assertThat(h.answerCount()).isEqualTo(1);
        assertThat(h.fallback()).isEqualTo(HostnameDnsConfig.AllDownFallback.ALL);
        assertThat(h.persistence().enabled()).isFalse();
        assertThat(h.servers().get(0).weight()).isEqualTo(1);
        assertThat(h.servers().get(0).backup()).isFalse();
    }

    @Test
    void closedSetsTakeTheirValuesInAnyCase() throws ConfigException {
        MeridianConfig c = load("{ zone: cdn.test, listen: 127.0.0.1:5353, decisionLog: FULL }",
                "{ fallback: Servfail, servers: [ { address: 192.0.2.1 } ] }");
        assertThat(c.dns().decisionLog()).isEqualTo(DnsConfig.DecisionLog.FULL);
        assertThat(c.property("app.cdn.test").orElseThrow().dns().fallback())
                .isEqualTo(HostnameDnsConfig.AllDownFallback.SERVFAIL);
    }

    @Test
    void presentPersistenceSectionMeansOn() throws ConfigException {
        MeridianConfig c = load("{ zone: cdn.test, listen: 127.0.0.1:5353 }",
                "{ persistence: { duration: 5m }, servers: [ { address: 192.0.2.1 } ] }");
        DnsPersistenceConfig p = c.property("app.cdn.test").orElseThrow().dns().persistence();
        assertThat(p.enabled()).isTrue();
        assertThat(p.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.prefixV4()).isEqualTo(24);
    }

    @Test
    void reportsEveryDnsErrorWithItsPath() {
        String dns = "{ zone: 'bad zone', zones: [ cdn.test ], maxUdpPayload: 100, udpThreads: 0, decisionLog: loud, "
                + "nameservers: [ { name: ns1.cdn.test, address: not-an-ip } ] }";
        String hostname = """
                { answerCount: 0, fallback: panic, aliases: [ 'no way' ],
                  staticMappings: [ { cidrs: [ 10.1.0.0/33 ], to: [ nowhere ] } ],
                  persistence: { prefixV4: 40 },
                  servers: [ { address: 192.0.2.1, pop: sjc }, { weight: -1 }, { address: 300.1.1.1 } ] }""";
        assertThatThrownBy(() -> load(dns, hostname))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString).contains(
                        "dns.zone: not a DNS name",
                        "dns.listen: required",
                        "dns.maxUdpPayload: must be within 512..4096",
                        "dns.udpThreads: must be within 1..64",
                        "dns.decisionLog: \"loud\": must be one of [full, sampled, off]",
                        "dns.nameservers[0].address: not an IPv4 or IPv6 address",
                        "customers[0].properties[0].dns.answerCount: must be within 1..16",
                        "customers[0].properties[0].dns.fallback: \"panic\": must be one of [all, backups, servfail]",
                        "customers[0].properties[0].dns.aliases[0]: not a hostname",
                        "customers[0].properties[0].dns.staticMappings[0].cidrs[0]: not a CIDR block (example: 10.1.0.0/16)",
                        "customers[0].properties[0].dns.staticMappings[0].to[0]: names no server of this hostname (nowhere)",
                        "customers[0].properties[0].dns.persistence.prefixV4: must be within 0..32",
                        "customers[0].properties[0].dns.servers[0]: give exactly one of address or pop",
                        "customers[0].properties[0].dns.servers[1]: give exactly one of address or pop",
                        "customers[0].properties[0].dns.servers[1].weight: must be within 0..1000",
                        "customers[0].properties[0].dns.servers[2].address: not an IPv4 or IPv6 address"));
    }

    @Test
    void ipLiteralsAreCheckedWithoutLookups() {
        assertThat(IpAddresses.isLiteral("192.0.2.1")).isTrue();
        assertThat(IpAddresses.isLiteral("2001:db8::1")).isTrue();
        assertThat(IpAddresses.isLiteral("localhost")).isFalse();
        assertThat(IpAddresses.isLiteral("256.0.0.1")).isFalse();
        assertThat(IpAddresses.isCidr("10.0.0.0/8")).isTrue();
        assertThat(IpAddresses.isCidr("2001:db8::/129")).isFalse();
        assertThat(IpAddresses.isCidr("10.0.0.0")).isFalse();
    }
}
