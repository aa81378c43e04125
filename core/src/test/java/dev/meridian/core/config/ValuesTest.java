package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void sizes() {
        assertThat(ByteSize.parse("4096").bytes()).isEqualTo(4096);
        assertThat(ByteSize.parse("512KB").bytes()).isEqualTo(512 * 1024);
        assertThat(ByteSize.parse("10GiB").bytes()).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("1.5m").bytes()).isEqualTo(3L << 19);
        assertThatThrownBy(() -> ByteSize.parse("-1MB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("9999999999TB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostPorts() {
        assertThat(HostPort.parse("127.0.0.11:8080")).isEqualTo(new HostPort("127.0.0.11", 8080));
        assertThat(HostPort.parse("[::1]:53")).isEqualTo(new HostPort("::1", 53));
        assertThat(HostPort.parse("[::1]:53").toString()).isEqualTo("[::1]:53");
        assertThatThrownBy(() -> HostPort.parse("nowhere")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse("h:99999")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostnames() {
        assertThat(Hostnames.isValid("acme.cdn.test")).isTrue();
        assertThat(Hostnames.isValid("a..b")).isFalse();
        assertThat(Hostnames.isValid("evil.test/../x")).isFalse();
        assertThat(Hostnames.isValid("-bad.test")).isFalse();
    }
}
