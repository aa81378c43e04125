package dev.meridian.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hysteresis: out after {@code fall} failures in a row, back after {@code rise} successes in a row. */
class ServerHealthTest {
    @Test
    void goesDownOnlyAfterFallFailuresInARow() {
        ServerHealth h = new ServerHealth(3, 2);
        assertThat(h.up()).isTrue();
        assertThat(h.report(false)).isFalse();
        assertThat(h.report(false)).isFalse();
        assertThat(h.report(true)).isFalse();
        assertThat(h.report(false)).isFalse();
        assertThat(h.report(false)).isFalse();
        assertThat(h.up()).as("a success broke the streak").isTrue();
        assertThat(h.report(false)).isTrue();
        assertThat(h.up()).isFalse();
    }

    @Test
    void comesBackOnlyAfterRiseSuccessesInARow() {
        ServerHealth h = new ServerHealth(1, 3);
        assertThat(h.report(false)).isTrue();
        assertThat(h.up()).isFalse();
        h.report(true);
        h.report(true);
        h.report(false);
        h.report(true);
        h.report(true);
        assertThat(h.up()).as("a failure broke the streak").isFalse();
        assertThat(h.report(true)).isTrue();
        assertThat(h.up()).isTrue();
    }
}
