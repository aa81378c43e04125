package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dns.lossPenalty and the latency map's settings: fallback pins and places, measurement schedule. */
class ScoringConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private MeridianConfig load(String dns) throws ConfigException {
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: 127.0.0.1:5353
                  %s
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
                  - id: ams
                    edge: { http: 127.0.0.12:8080, admin: 127.0.0.12:9080 }
                """.formatted(dns.replace("\n", "\n  "));
        return loader.loadYaml("test.yaml", yaml);
    }

    @Test
    void defaultsAreTheBuiltInTableNoPinsOrPlacesAndAContestedSchedule() throws Exception {
        MeridianConfig c = load("probes: {}");
        assertThat(c.dns().lossPenalty()).isEqualTo(LossPenaltyPointConfig.DEFAULTS);
        assertThat(c.dns().lossPenalty().get(2)).isEqualTo(new LossPenaltyPointConfig(0.05, 1.0));
        LatencyProbesConfig l = c.dns().probes().latency();
        assertThat(l.fallback().pins()).isEmpty();
        assertThat(l.fallback().places()).isEmpty();
        assertThat(l.attempts()).isEqualTo(10);
        assertThat(l.freshFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(l.contestedFreshFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.contestedMargin()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void loadsATableAndFallbackPinsAndPlaces() throws Exception {
        MeridianConfig c = load("""
                lossPenalty: [ { loss: 0, penalty: 0 }, { loss: 0.02, penalty: 0.5 }, { loss: 1, penalty: 50 } ]
                probes:
                  latency:
                    contestedMargin: 30ms
                    fallback:
                      pins: [ { block: 10.5.0.0/16, pop: ams } ]
                      places: [ { block: 10.0.0.0/8, lat: 48.9, lon: 2.35 } ]
                """);
        assertThat(c.dns().lossPenalty()).hasSize(3);
        assertThat(c.dns().lossPenalty().get(1).penalty()).isEqualTo(0.5);
        MapFallbackConfig f = c.dns().probes().latency().fallback();
        assertThat(f.pins()).containsExactly(new MapFallbackConfig.BlockPinConfig("10.5.0.0/16", "ams"));
        assertThat(f.places()).containsExactly(new MapFallbackConfig.BlockPlaceConfig("10.0.0.0/8", 48.9, 2.35));
    }

    @Test
    void refusesATableThatIsNotMonotoneOrOutOfRange() {
        assertThatThrownBy(() -> load("""
                lossPenalty: [ { loss: 0.01, penalty: 0 }, { loss: 0.005, penalty: 1 }, { loss: 0.5, penalty: 0.5 }, { loss: 2, penalty: 9 } ]
                """))
                .hasMessageContaining("dns.lossPenalty[0].loss: the table must start at loss 0")
                .hasMessageContaining("dns.lossPenalty[1].loss: losses must increase from point to point")
                .hasMessageContaining("dns.lossPenalty[2].penalty: penalties must not decrease as loss grows")
                .hasMessageContaining("dns.lossPenalty[3].loss: must be within 0..1");
        assertThatThrownBy(() -> load("lossPenalty: []")).hasMessageContaining("dns.lossPenalty: required");
        assertThatThrownBy(() -> load("lossPenalty: [ { loss: 0 } ]"))
                .hasMessageContaining("dns.lossPenalty[0].penalty: required");
    }

    @Test
    void refusesBadBlocksUnknownPopsAndBadCoordinates() {
        assertThatThrownBy(() -> load("""
                probes:
                  latency:
                    contestedFreshFor: 10m
                    fallback:
                      pins: [ { block: 10.5.0.0/33, pop: ams }, { block: 10.6.0.0/16, pop: nrt } ]
                      places: [ { block: nowhere, lat: 91, lon: 2 }, { block: 10.0.0.0/8, lat: 1 } ]
                """))
                .hasMessageContaining("dns.probes.latency.contestedFreshFor: must be within 1s..freshFor")
                .hasMessageContaining("dns.probes.latency.fallback.pins[0].block: not a CIDR block")
                .hasMessageContaining("dns.probes.latency.fallback.pins[1].pop: no POP nrt is configured")
                .hasMessageContaining("dns.probes.latency.fallback.places[0].block: not a CIDR block")
                .hasMessageContaining("dns.probes.latency.fallback.places[0].lat: latitude must be within -90..90")
                .hasMessageContaining("dns.probes.latency.fallback.places[1].lon: required");
    }
}
