package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.InMemoryH2;
import dev.meridian.probe.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
    private Database db;
    private LoginThrottle throttle;

    @BeforeEach
    void open() {
        db = InMemoryH2.open();
        throttle = new LoginThrottle(db.dataSource(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void fail(int times, String login, String address) {
        for (int i = 0; i < times; i++) {
            throttle.failed(login, address);
        }
    }

    @Test
    void aLoginNameIsSlowedAfterFiveFailuresFromAnywhere() {
        fail(5, "alice", "192.0.2.1");
        assertThat(throttle.blockedFor("alice", "192.0.2.1")).isZero();

        throttle.failed("ALICE", "198.51.100.7");

        assertThat(throttle.blockedFor("alice", "203.0.113.9")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("bob", "192.0.2.1")).as("other names from the same address").isZero();
        throttle.failed("alice", "203.0.113.9");
        assertThat(throttle.blockedFor("alice", "203.0.113.9")).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(throttle.blockedFor("alice", "203.0.113.9")).isZero();
    }

    @Test
    void anAddressIsSlowedAfterTwentyFailuresWhateverTheNames() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "192.0.2.1");
        }
        assertThat(throttle.blockedFor("someone", "192.0.2.1")).isZero();

        throttle.failed("user20", "192.0.2.1");

        assertThat(throttle.blockedFor("someone", "192.0.2.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("someone", "192.0.2.2")).isZero();
    }

    @Test
    void unknownNamesAreCountedLikeKnownOnes() {
        fail(6, "no-such-user", "192.0.2.1");

        assertThat(throttle.blockedFor("no-such-user", "192.0.2.99")).isPositive();
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddress() {
        fail(19, "alice", "192.0.2.1");
        throttle.succeeded("alice");
        clock.advance(Duration.ofMinutes(20));

        throttle.failed("bob", "192.0.2.1");
        throttle.failed("bob", "192.0.2.1");

        assertThat(throttle.blockedFor("alice", "192.0.2.2")).isZero();
        assertThat(throttle.blockedFor("alice", "192.0.2.1")).as("21 failures from the address").isPositive();
    }

    @Test
    void twoConsolesOnOneDatabaseCountTheSameFailures() {
        LoginThrottle other = new LoginThrottle(db.dataSource(), clock);
        fail(3, "alice", "192.0.2.1");
        for (int i = 0; i < 3; i++) {
            other.failed("alice", "192.0.2.1");
        }

        assertThat(throttle.blockedFor("alice", "192.0.2.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(other.blockedFor("alice", "192.0.2.1")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void oldRecordsAreForgottenButBlocksInForceAreKept() {
        fail(3, "alice", "192.0.2.1");
        clock.advance(Duration.ofMinutes(61));
        fail(30, "mallory", "192.0.2.66");

        assertThat(throttle.forgetOld()).as("alice's and 192.0.2.1's").isEqualTo(2);
        clock.advance(Duration.ofMinutes(61));
        assertThat(throttle.blockedFor("mallory", "192.0.2.66")).isZero();
        assertThat(throttle.forgetOld()).isEqualTo(2);
    }
}
