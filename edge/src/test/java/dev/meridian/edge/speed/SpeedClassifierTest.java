package dev.meridian.edge.speed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ImagingConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedClassifierTest {
    private static final ImagingConfig CONFIG = ImagingConfig.defaults();
    private static final long NOW = 1_800_000_000_000L;
    private static final InetAddress CLIENT = address(192, 0, 2, 7);

    private final DrainRates drains = new DrainRates(100, Duration.ofMinutes(30));
    private final SpeedClassifier classifier = new SpeedClassifier(drains);
    private final Map<String, String> headers = new HashMap<>();

    private SpeedVerdict classify() {
        return classifier.classify(CONFIG, headers::get, CLIENT, NOW);
    }

    private static String cookie(long kbps, String cls, long ageSeconds) {
        return "a=b; " + SpeedCookie.NAME + "=" + kbps + "." + cls + "." + (NOW / 1000 - ageSeconds) + "; c=d";
    }

    @Test
    void nothingKnownGivesTheConfiguredDefault() {
        assertThat(classify()).isEqualTo(new SpeedVerdict("medium", SpeedSource.DEFAULT));
        assertThat(classify().header()).isEqualTo("medium; source=default");
    }

    @Test
    void aFreshCookieWinsOverEverythingAndItsRateDecidesTheClass() {
        headers.put("Cookie", cookie(120, "high", 60));
        headers.put("Save-Data", "on");
        headers.put("Downlink", "10");
        drains.record(CLIENT, 1 << 20, 1_000_000);
        // The rate (120 kbit/s) is what counts, not the class name the script wrote.
        assertThat(classify()).isEqualTo(new SpeedVerdict("low", SpeedSource.COOKIE));
        assertThat(classify().header()).isEqualTo("low; source=cookie");
    }

    @Test
    void aCookieOlderThanTheRemeasurePeriodIsIgnored() {
        headers.put("Cookie", cookie(120, "low", CONFIG.remeasure().toSeconds()));
        headers.put("Downlink", "10");
        assertThat(classify()).isEqualTo(new SpeedVerdict("high", SpeedSource.CLIENT_HINTS));
    }

    @Test
    void nonsenseCookiesAreIgnoredNeverAnError() {
        for (String nonsense : new String[] {"mrdn_speed=", "mrdn_speed=abc", "mrdn_speed=1.2.3.4", "mrdn_speed=-5.low.1",
                "mrdn_speed=99999999999999999999.low.1", "mrdn_speed=100.LOW!.1", "mrdn_speed=100.low.99999999999",
                "mrdn_speed=0.low." + NOW / 1000, "mrdn_speed=%00%ff", "mrdn_speed", ";;;="}) {
            headers.put("Cookie", nonsense);
            assertThat(classify()).as(nonsense).isEqualTo(new SpeedVerdict("medium", SpeedSource.DEFAULT));
        }
    }

    @Test
    void saveDataMeansTheLowestClassBeforeOtherHints() {
        headers.put("Save-Data", "on");
        headers.put("Downlink", "50");
        assertThat(classify()).isEqualTo(new SpeedVerdict("low", SpeedSource.CLIENT_HINTS));
    }

    @Test
    void downlinkThenEctThenRtt() {
        headers.put("Downlink", "1.5");
        headers.put("ECT", "slow-2g");
        assertThat(classify().speedClass()).isEqualTo("medium");
        headers.remove("Downlink");
        assertThat(classify().speedClass()).isEqualTo("low");
        headers.put("ECT", "4g");
        assertThat(classify().speedClass()).isEqualTo("high");
        headers.remove("ECT");
        headers.put("RTT", "2500");
        assertThat(classify()).isEqualTo(new SpeedVerdict("low", SpeedSource.CLIENT_HINTS));
    }

    @Test
    void hintsWithGarbageFallThrough() {
        headers.put("Downlink", "fast");
        headers.put("ECT", "5g-ultra");
        headers.put("RTT", "-3");
        assertThat(classify().source()).isEqualTo(SpeedSource.DEFAULT);
    }

    @Test
    void theEdgesOwnDrainMeasurementComesBeforeTheDefault() {
        // 1 MiB in 64 s: about 131 kbit/s.
        drains.record(CLIENT, 1 << 20, 64_000_000_000L);
        assertThat(classify()).isEqualTo(new SpeedVerdict("low", SpeedSource.EDGE));
        assertThat(classifier.classify(CONFIG, headers::get, address(192, 0, 2, 8), NOW).source()).isEqualTo(SpeedSource.DEFAULT);
    }

    @Test
    void drainRatesAreSmoothedAndIgnoreSmallResponses() {
        drains.record(CLIENT, 1 << 20, 1_000_000_000L); // ~8389 kbit/s
        drains.record(CLIENT, 1000, 1_000_000_000L);    // too small to say anything
        assertThat(drains.kbps(CLIENT)).hasValue(8389);
        drains.record(CLIENT, 1 << 20, 8_000_000_000L); // ~1049 kbit/s: moves the average part of the way
        assertThat(drains.kbps(CLIENT).getAsLong()).isBetween(1049L + 1, 8389L - 1);
    }

    @Test
    void theDrainMapIsBounded() {
        DrainRates small = new DrainRates(10, Duration.ofMinutes(1));
        for (int i = 0; i < 1000; i++) {
            small.record(address(10, 0, i >> 8, i), 1 << 20, 1_000_000_000L);
        }
        int remembered = 0;
        for (int i = 0; i < 1000; i++) {
            remembered += small.kbps(address(10, 0, i >> 8, i)).isPresent() ? 1 : 0;
        }
        assertThat(remembered).isLessThanOrEqualTo(20);
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
