package dev.meridian.gtm.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.net.Cidr;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryNetworkStateTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final InMemoryNetworkState state = new InMemoryNetworkState(() -> Duration.ofSeconds(30), 4);
    private final InetAddress pop = IpAddresses.parse("127.0.0.11");

    @Test
    void healthIsOverrideThenFreshReportThenStaleThenUnknown() {
        assertThat(state.health(pop, NOW)).isEqualTo(Health.UNKNOWN);
        state.reportHealth(pop, true, "http", NOW);
        assertThat(state.health(pop, NOW.plusSeconds(30)).status()).isEqualTo(Health.Status.UP);
        assertThat(state.health(pop, NOW.plusSeconds(31)).status()).isEqualTo(Health.Status.STALE);
        state.overrideHealth(pop, false, NOW);
        assertThat(state.health(pop, NOW.plusSeconds(31))).satisfies(h -> {
            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.source()).isEqualTo("operator");
        });
    }

    @Test
    void pathLookupTakesTheMostSpecificFreshBlock() {
        InetAddress client = IpAddresses.parse("10.1.2.3");
        state.reportPath(pop, Cidr.parse("10.0.0.0/8"), 50, 0, NOW);
        state.reportPath(pop, Cidr.parse("10.1.2.0/24"), 5, 0, NOW.minusSeconds(60));
        assertThat(state.path(pop, client, NOW)).hasValueSatisfying(p -> assertThat(p.latencyMillis()).isEqualTo(50));
        state.reportPath(pop, Cidr.parse("10.1.2.0/24"), 6, 0, NOW);
        assertThat(state.path(pop, client, NOW)).hasValueSatisfying(p -> assertThat(p.clientBlock().prefix()).isEqualTo(24));
        assertThat(state.path(pop, IpAddresses.parse("2001:db8::1"), NOW)).isEmpty();
    }

    @Test
    void pathTableIsBoundedAndLoadGoesStale() {
        for (int i = 0; i < 10; i++) {
            state.reportPath(pop, Cidr.parse("10.0." + i + ".0/24"), i, 0, NOW.plusSeconds(i));
        }
        assertThat(state.path(pop, IpAddresses.parse("10.0.9.1"), NOW.plusSeconds(9))).isPresent();
        assertThat(state.path(pop, IpAddresses.parse("10.0.0.1"), NOW.plusSeconds(9))).as("oldest forgotten").isEmpty();
        state.reportLoad(pop, 12, NOW);
        assertThat(state.load(pop, NOW.plusSeconds(10))).isPresent();
        assertThat(state.load(pop, NOW.plusSeconds(31))).isEmpty();
    }
}
