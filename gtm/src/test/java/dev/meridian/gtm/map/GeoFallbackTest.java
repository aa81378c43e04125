package dev.meridian.gtm.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.net.Cidr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeoFallbackTest {
    private final GeoFallback fallback = new GeoFallback(
            Map.of("sjc", new GeoFallback.Location(37.3, -121.9),
                    "ams", new GeoFallback.Location(52.4, 4.9),
                    "sin", new GeoFallback.Location(1.35, 103.8)),
            List.of(new GeoFallback.Pin(Cidr.parse("10.5.0.0/16"), "sin")),
            List.of(new GeoFallback.Placed(Cidr.parse("10.0.0.0/8"), new GeoFallback.Location(48.9, 2.35)),   // Paris
                    new GeoFallback.Placed(Cidr.parse("10.7.0.0/16"), new GeoFallback.Location(35.7, 139.7)))); // Tokyo

    @Test
    void ranksPopsByDistanceFromWhereTheBlockIs() {
        BlockDecision paris = fallback.decide(Cidr.parse("10.1.0.0/16"));
        assertThat(paris.pop()).isEqualTo("ams");
        assertThat(paris.reason()).isEqualTo(Reason.FALLBACK);
        assertThat(paris.scores()).extracting(PopScore::pop).containsExactly("ams", "sjc", "sin");
        assertThat(paris.scores()).allSatisfy(s -> assertThat(s.estimated()).isTrue());
        // Paris-Amsterdam is about 430 km: about 4.3 ms round trip in fibre.
        assertThat(paris.scores().get(0).averageRttMs()).isBetween(3.5, 5.0);
    }

    @Test
    void theMostSpecificPlacementWins() {
        assertThat(fallback.decide(Cidr.parse("10.7.0.0/16")).pop()).isEqualTo("sin");
    }

    @Test
    void aPinnedBlockGoesToItsPop() {
        assertThat(fallback.decide(Cidr.parse("10.5.0.0/17")).pop()).isEqualTo("sin");
    }

    @Test
    void anUnplacedBlockHasNoPreference() {
        assertThat(fallback.decide(Cidr.parse("192.168.0.0/16")).pop()).isNull();
    }

    @Test
    void pinsAndPlacesComeFromTheConfigWithEveryLocatedPop() throws Exception {
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: 127.0.0.1:5353
                  probes:
                    latency:
                      fallback:
                        pins: [ { block: 10.5.0.0/16, pop: sin } ]
                        places: [ { block: 10.0.0.0/8, lat: 48.9, lon: 2.35 } ]
                pops:
                  - { id: sjc, location: { lat: 37.3, lon: -121.9 }, edge: { http: 127.0.0.11:80, admin: 127.0.0.11:81 } }
                  - { id: ams, location: { lat: 52.4, lon: 4.9 }, edge: { http: 127.0.0.12:80, admin: 127.0.0.12:81 } }
                  - { id: sin, edge: { http: 127.0.0.13:80, admin: 127.0.0.13:81 } }
                """;
        GeoFallback configured = GeoFallback.from(new ConfigLoader(Map.<String, String>of()::get)
                .loadYaml("geo.yaml", yaml));
        BlockDecision paris = configured.decide(Cidr.parse("10.1.0.0/16"));
        assertThat(paris.pop()).isEqualTo("ams");
        assertThat(paris.scores()).extracting(PopScore::pop).as("sin has no location").containsExactly("ams", "sjc");
        assertThat(configured.decide(Cidr.parse("10.5.3.0/24")).pop()).isEqualTo("sin");
        assertThat(configured.decide(Cidr.parse("192.168.0.0/16")).pop()).isNull();
    }
}
