package dev.meridian.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepAliveTest {
    private static final long SILENT = Duration.ofMillis(1500).toNanos();
    private static final long MAX = Duration.ofSeconds(60).toNanos();

    private static Duration limit(String field) {
        return Duration.ofNanos(KeepAlive.idleLimitNanos(field, SILENT, MAX));
    }

    @Test
    void anAnnouncedTimeoutIsHonouredWithASecondToSpare() {
        assertThat(limit("timeout=5, max=100")).isEqualTo(Duration.ofSeconds(4));
        assertThat(limit("max=100, Timeout = 30")).isEqualTo(Duration.ofSeconds(29));
        assertThat(limit("timeout=\"5\"")).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aShortTimeoutKeepsHalfOfIt() {
        assertThat(limit("timeout=1")).isEqualTo(Duration.ofMillis(500));
        assertThat(limit("timeout=0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void noValidTimeoutMeansTheConfiguredDefault() {
        assertThat(limit(null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(limit("max=100")).isEqualTo(Duration.ofMillis(1500));
        assertThat(limit("timeout=soon")).isEqualTo(Duration.ofMillis(1500));
        assertThat(limit("timeout=-3")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void noConnectionIsKeptPastTheMaximum() {
        assertThat(limit("timeout=3600")).isEqualTo(Duration.ofSeconds(60));
        assertThat(limit("timeout=99999999999999999999")).isEqualTo(Duration.ofSeconds(60));
    }
}
