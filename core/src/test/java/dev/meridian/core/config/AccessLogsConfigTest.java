package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogsConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private AccessLogsConfig load(String accessLogs) throws ConfigException {
        String yaml = """
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
                console:
                  accessLogs: %s
                """.formatted(accessLogs);
        return loader.loadYaml("test.yaml", yaml).consoleConfig().orElseThrow().accessLogs();
    }

    @Test
    void defaultsKeepFiveMinutesOrSixtyFourMegabytesPerFile() throws Exception {
        AccessLogsConfig logs = load("{}");

        assertThat(logs.enabled()).isTrue();
        assertThat(logs.rotateSize().bytes()).isEqualTo(64L << 20);
        assertThat(logs.rotateEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(logs.queue()).isEqualTo(65_536);
        assertThat(logs.maxUploadBytes()).isGreaterThan(logs.rotateSize().bytes() + AccessLogsConfig.MAX_LINE_BYTES);
    }

    @Test
    void reportsEveryBadFieldWithItsPath() {
        assertThatThrownBy(() -> load("{ rotateSize: 1KB, rotateEvery: 0s, spool: 64KB, queue: 10 }"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .contains("console.accessLogs.rotateSize: must be between 4KB and 1GB",
                                "console.accessLogs.rotateEvery: must be between 1s and 24h",
                                "console.accessLogs.spool: must be at least 1MB",
                                "console.accessLogs.queue: must be between 1024 and 4194304"));
    }
}
