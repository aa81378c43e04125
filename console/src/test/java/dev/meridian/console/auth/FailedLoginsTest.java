package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static FailedLogins failures(int n, int free) {
        FailedLogins f = null;
        for (int i = 0; i < n; i++) {
            f = FailedLogins.next(f, T0, free);
        }
        return f;
    }

    @Test
    void theFreeFailuresBlockNothing() {
        FailedLogins f = failures(5, 5);

        assertThat(f.count()).isEqualTo(5);
        assertThat(f.blockedUntil()).isNull();
        assertThat(f.remaining(T0)).isZero();
    }

    @Test
    void eachFailurePastTheFreeOnesBlocksTwiceAsLongUpToFifteenMinutes() {
        assertThat(failures(6, 5).remaining(T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(failures(7, 5).remaining(T0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(failures(8, 5).remaining(T0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(failures(15, 5).remaining(T0)).isEqualTo(Duration.ofSeconds(512));
        assertThat(failures(16, 5).remaining(T0)).isEqualTo(FailedLogins.MAX_BLOCK);
        assertThat(failures(200, 5).remaining(T0)).isEqualTo(FailedLogins.MAX_BLOCK);
    }

    @Test
    void aBlockEndsWhenItsTimeIsUp() {
        FailedLogins f = failures(7, 5);

        assertThat(f.remaining(T0.plusMillis(1500))).isEqualTo(Duration.ofMillis(500));
        assertThat(f.remaining(T0.plusSeconds(2))).isZero();
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLast() {
        FailedLogins many = failures(9, 5);

        assertThat(FailedLogins.next(many, T0.plus(Duration.ofMinutes(59)), 5).count()).isEqualTo(10);
        FailedLogins fresh = FailedLogins.next(many, T0.plus(FailedLogins.FORGET_AFTER), 5);
        assertThat(fresh.count()).isEqualTo(1);
        assertThat(fresh.blockedUntil()).isNull();
    }
}
