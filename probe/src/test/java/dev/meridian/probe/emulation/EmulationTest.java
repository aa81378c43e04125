package dev.meridian.probe.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.EmulatedLinkConfig;
import dev.meridian.core.config.EmulatedOutageConfig;
import dev.meridian.core.config.EmulationConfig;
import dev.meridian.probe.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmulationTest {
    private static final EmulationConfig CONFIG = new EmulationConfig(
            List.of(new EmulatedLinkConfig("sjc", "10.1.0.0/16", Duration.ofMillis(10), 0.0, null),
                    new EmulatedLinkConfig("sjc", "10.1.0.0/16", Duration.ofMillis(90), 0.0, Duration.ofMinutes(5))),
            List.of(new EmulatedOutageConfig("ams", Duration.ofMinutes(1), Duration.ofMinutes(2))), 0.0, 1L);

    @Test
    void aRebuiltEmulationGoesOnFromTheProcessStartRatherThanStartingOver() throws Exception {
        ManualClock clock = ManualClock.atEpochPlus(Duration.ofHours(1));
        Instant processStart = clock.instant();
        clock.advance(Duration.ofSeconds(90));

        Emulation rebuilt = Emulation.fromConfig(CONFIG, clock, processStart);
        assertThat(rebuilt.network().isOut("ams")).as("90 s in: inside the outage").isTrue();
        assertThat(Emulation.fromConfig(CONFIG, clock).network().isOut("ams")).as("a fresh timeline starts at 0").isFalse();

        clock.advance(Duration.ofMinutes(4));
        assertThat(rebuilt.network().link("sjc", InetAddress.getByName("10.1.2.3")).orElseThrow().rttMs())
                .as("5.5 min in: the change applies").isEqualTo(90);
        assertThat(rebuilt.network().isOut("ams")).isFalse();
    }
}
