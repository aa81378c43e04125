package dev.meridian.uplink.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogFileNameTest {
    @Test
    void formatsAndParsesTheSameName() {
        LogFileName name = new LogFileName("us-east-1", Instant.parse("2026-12-07T21:05:34.999Z"), 42);

        assertThat(name.toString()).isEqualTo("us-east-1-20261207T210534Z-000042.log.gz");
        assertThat(LogFileName.parse(name.toString())).contains(name);
    }

    @Test
    void refusesPathsAndAnythingElse() {
        assertThat(LogFileName.parse("../sjc-20261207T210534Z-000042.log.gz")).isEmpty();
        assertThat(LogFileName.parse("acme/sjc-20261207T210534Z-000042.log.gz")).isEmpty();
        assertThat(LogFileName.parse("sjc-20261207T210534Z-000042.log")).isEmpty();
        assertThat(LogFileName.parse("SJC-20261207T210534Z-000042.log.gz")).isEmpty();
        assertThat(LogFileName.parse("sjc-20261399T210534Z-000042.log.gz")).as("no 99th of the 13th month").isEmpty();
    }

    @Test
    void readsTheTimeEveryLineStartsWith() {
        byte[] line = "{\"time\":\"2026-12-07T21:05:34.123Z\",\"pop\":\"sjc\"}".getBytes();

        assertThat(LogUploads.timeOf(line, 0, line.length)).isEqualTo("2026-12-07T21:05:34.123Z");
        byte[] other = "{\"pop\":\"sjc\"}".getBytes();
        assertThat(LogUploads.timeOf(other, 0, other.length)).isNull();
    }
}
