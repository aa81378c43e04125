package dev.meridian.edge.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpeedCookieTest {
    private static final long NOW = 1_800_000_000L;
    private static final long MAX_AGE = 1800;

    private static Optional<SpeedCookie.Measurement> read(String header) {
        return SpeedCookie.read(header, NOW, MAX_AGE);
    }

    @Test
    void readsTheMeasurementAmongOtherCookies() {
        SpeedCookie.Measurement m = new SpeedCookie.Measurement(1500, NOW - 60);
        assertThat(read("mrdn_speed=1500.medium." + (NOW - 60))).contains(m);
        assertThat(read("session=abc; mrdn_speed=1500.medium." + (NOW - 60) + "; theme=dark")).contains(m);
        assertThat(read("  mrdn_speed=\"1500.medium." + (NOW - 60) + "\"  ")).contains(m);
        assertThat(read("a=1;mrdn_speed=1500.medium." + (NOW - 60))).contains(m);
    }

    @Test
    void theFirstPairOfThatNameCounts() {
        assertThat(read("mrdn_speed=100.low." + NOW + "; mrdn_speed=9000.high." + NOW))
                .contains(new SpeedCookie.Measurement(100, NOW));
    }

    @Test
    void otherNamesThatMerelyContainItDoNotCount() {
        assertThat(read("xmrdn_speed=100.low." + NOW)).isEmpty();
        assertThat(read("mrdn_speed2=100.low." + NOW)).isEmpty();
        assertThat(read("mrdn_speed =100.low." + NOW)).isEmpty();
        assertThat(read("other=mrdn_speed=100.low." + NOW)).isEmpty();
    }

    @Test
    void malformedOrStaleValuesAreIgnored() {
        for (String value : new String[] {"", "100", "100.low", "100.low." + NOW + ".x", ".low." + NOW, "100.." + NOW,
                "100.Low." + NOW, "100.low.", "0.low." + NOW, "1e3.low." + NOW, "1234567890123.low." + NOW,
                "100.low." + (NOW + 301), "100.low." + (NOW - MAX_AGE), "100." + "a".repeat(33) + "." + NOW, "\"",
                "\"100.low." + NOW}) {
            assertThat(read("mrdn_speed=" + value)).as(value).isEmpty();
        }
        assertThat(read(null)).isEmpty();
        assertThat(read("mrdn_speed")).isEmpty();
    }
}
