package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import org.junit.jupiter.api.Test;

class GtmGuideTest {
    private static MeridianConfig load(String dns) throws Exception {
        String yaml = dns + """
                pops: [ { id: sjc, edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 } },
                        { id: iad, edge: { http: 127.0.0.12:8080, admin: 127.0.0.12:9080 } } ]
                """;
        return new ConfigLoader(name -> null).loadYaml("t.yaml", yaml);
    }

    @Test
    void theGuideOffersOneSubnetInsideEachEmulatedIpv4Block() throws Exception {
        MeridianConfig config = load("""
                dns:
                  zone: cdn.test
                  listen: 127.0.0.1:5353
                  probes:
                    emulation:
                      links:
                        - { pop: sjc, block: 10.1.0.0/16, rtt: 15ms }
                        - { pop: iad, block: 10.1.0.0/16, rtt: 70ms }
                        - { pop: sjc, block: 10.2.0.0/16, rtt: 60ms }
                        - { pop: iad, block: "2001:db8::/32", rtt: 5ms }
                """);
        assertThat(GtmCommand.emulatedBlocks(config)).containsExactly("10.1.0.0/24", "10.2.0.0/24");
    }

    @Test
    void withoutEmulationTheGuideOffersNone() throws Exception {
        assertThat(GtmCommand.emulatedBlocks(load("dns: { zone: cdn.test, listen: 127.0.0.1:5353 }\n"))).isEmpty();
    }
}
