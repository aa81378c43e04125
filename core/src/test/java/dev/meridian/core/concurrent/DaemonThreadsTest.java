package dev.meridian.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void poolThreadsAreNumberedDaemons() {
        ThreadFactory f = DaemonThreads.numbered("edge-render-");
        Thread first = f.newThread(() -> { });
        Thread second = f.newThread(() -> { });
        assertThat(first.getName()).isEqualTo("edge-render-1");
        assertThat(second.getName()).isEqualTo("edge-render-2");
        assertThat(first.isDaemon() && second.isDaemon()).isTrue();
    }

    @Test
    void aTimersThreadKeepsItsName() {
        Thread t = DaemonThreads.named("gtm-housekeeping").newThread(() -> { });
        assertThat(t.getName()).isEqualTo("gtm-housekeeping");
        assertThat(t.isDaemon()).isTrue();
    }
}
