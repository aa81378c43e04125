package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PortalConfigTest {
    private static final String BASE = """
            pops: [ { id: sjc, edge: { http: "127.0.0.11:8080", admin: "127.0.0.11:9080" } } ]
            console:
              stateDir: var/console
            """;

    private static MeridianConfig load(String portal) throws ConfigException {
        return new ConfigLoader().loadYaml("portal.yaml", BASE + (portal.isEmpty() ? "" : "  portal: " + portal + "\n"));
    }

    @Test
    void sessionsLastHalfAnHourIdleAndTwelveHoursAtMostByDefault() throws Exception {
        PortalConfig portal = load("").consoleConfig().orElseThrow().portal();

        assertThat(portal.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(portal.absoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(portal.trustedProxies()).isEmpty();
    }

    @Test
    void timeoutsAndProxiesAreRead() throws Exception {
        PortalConfig portal = load("{ idleTimeout: 10m, absoluteTimeout: 8h, trustedProxies: [ 10.0.0.5, \"::1\" ] }")
                .consoleConfig().orElseThrow().portal();

        assertThat(portal.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(portal.absoluteTimeout()).isEqualTo(Duration.ofHours(8));
        assertThat(portal.trustedProxies()).containsExactly("10.0.0.5", "::1");
    }

    @Test
    void nonsenseIsRefusedWithItsPath() {
        assertThatThrownBy(() -> load("{ idleTimeout: 10s, absoluteTimeout: 60d, trustedProxies: [ proxy.example ] }"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString).contains(
                        "console.portal.idleTimeout: must be between 1m and 24h",
                        "console.portal.absoluteTimeout: must be at most 30d",
                        "console.portal.trustedProxies[0]: not an IPv4 or IPv6 address"));
        assertThatThrownBy(() -> load("{ idleTimeout: 2h, absoluteTimeout: 1h }"))
                .hasMessageContaining("console.portal.absoluteTimeout: must be at least idleTimeout");
    }
}
