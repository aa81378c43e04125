package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurgeControlConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private PurgeControlConfig load(String purge) throws ConfigException {
        String yaml = """
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
                console:
                  nodes: [ { id: sjc, role: EDGE, token: sjc-node-token-0000 } ]
                  %s
                """.formatted(purge);
        return loader.loadYaml("test.yaml", yaml).consoleConfig().orElseThrow().purge();
    }

    @Test
    void defaultsWhenAbsent() throws Exception {
        PurgeControlConfig purge = load("");

        assertThat(purge.ackWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(purge.perSecond()).isEqualTo(20.0);
        assertThat(purge.burst()).isEqualTo(100);
        assertThat(purge.startWait()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void loadsEveryField() throws Exception {
        PurgeControlConfig purge = load("purge: { ackWait: 500ms, popTimeout: 200ms, retryFor: 1m, perSecond: 2.5,"
                + " burst: 5, startWait: 0s, pollEvery: 1s }");

        assertThat(purge).isEqualTo(new PurgeControlConfig(Duration.ofMillis(500), Duration.ofMillis(200),
                Duration.ofMinutes(1), 2.5, 5, Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void reportsErrorsWithTheirPaths() {
        assertThatThrownBy(() -> load("purge: { ackWait: 1ms, perSecond: 0, burst: 0, pollEvery: 1h }"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .contains("console.purge.ackWait: must be between 10ms and 60s",
                                "console.purge.perSecond: must be more than 0 and at most 10000",
                                "console.purge.burst: must be between 1 and 100000",
                                "console.purge.pollEvery: must be between 100ms and 10m"));
    }
}
