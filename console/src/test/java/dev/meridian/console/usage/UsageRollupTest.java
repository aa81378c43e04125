package dev.meridian.console.usage;

import static dev.meridian.console.usage.UsageFixtures.dns;
import static dev.meridian.console.usage.UsageFixtures.dnsBatch;
import static dev.meridian.console.usage.UsageFixtures.edge;
import static dev.meridian.console.usage.UsageFixtures.edgeBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.UsageBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows a batch adds: minutes summed per key, hours summed from them, in lock order. */
class UsageRollupTest {
    private static final Instant T = Instant.parse("2026-12-07T11:58:00Z");
    private final MeridianConfig config = UsageFixtures.config(Path.of("/nonexistent"));

    private UsageRollup rollup(UsageBatch batch) {
        return UsageRollup.of(new BatchValidator(Clock.fixed(T.plusSeconds(600), ZoneOffset.UTC)).validate(batch,
                UsageFixtures.node(config, batch.node()), UsageOwners.of(config), Duration.ofDays(35)));
    }

    @Test
    void aKeySentTwiceIsOneRowAndHoursSumTheirMinutes() {
        UsageRollup r = rollup(edgeBatch("sjc-1", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 2),
                edge(T.plusSeconds(60), "acme.cdn.test", "sjc", 3), edge(T, "acme.cdn.test", "sjc", 4),
                edge(T.plusSeconds(180), "acme.cdn.test", "sjc", 5))));
        assertThat(r.edgeMinutes()).hasSize(3);
        assertThat(r.edgeMinutes().get(0).counts()[0]).isEqualTo(6);
        assertThat(r.edgeMinutes().get(0).counts()[EdgeCounts.GAUGE]).isEqualTo(4);
        // 11:58 and 11:59 in one hour, 12:01 in the next.
        assertThat(r.edgeHours()).extracting(UsageRollup.EdgeRow::start)
                .containsExactly(Instant.parse("2026-12-07T11:00:00Z"), Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(r.edgeHours().get(0).counts()[0]).isEqualTo(9);
        assertThat(r.edgeHours().get(0).counts()[EdgeCounts.GAUGE]).isEqualTo(4);
        assertThat(r.edgeHours().get(1).counts()[1]).isEqualTo(5);
    }

    @Test
    void dnsHoursAreKeptPerAnswerAndPopNotPerBlock() {
        UsageRollup r = rollup(dnsBatch("gtm-1", List.of(dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", 1),
                dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.2.0.0/24", 2),
                dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.2.0.0/24", 4))));
        assertThat(r.dnsMinutes()).extracting(UsageRollup.DnsRow::decisions).containsExactly(1L, 6L);
        assertThat(r.dnsHours()).singleElement().satisfies(h -> {
            assertThat(h.decisions()).isEqualTo(7);
            assertThat(h.clientBlock()).isNull();
            assertThat(h.node()).isEqualTo("gtm");
        });
    }

    @Test
    void dnsCustomerMinutesSumEveryHostnameAndBlockPerAnswerAndPop() {
        UsageRollup r = rollup(dnsBatch("gtm-1", List.of(dns(T, "img.acme.test", "127.0.0.11", "sjc", "10.1.0.0/24", 1),
                dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.2.0.0/24", 2),
                dns(T, "acme.cdn.test", "127.0.0.12", "iad", "10.2.0.0/24", 4))));
        assertThat(r.dnsCustomerMinutes()).extracting(UsageRollup.DnsCustomerRow::answer,
                UsageRollup.DnsCustomerRow::decisions, UsageRollup.DnsCustomerRow::node)
                .containsExactly(tuple("127.0.0.11", 3L, "gtm"), tuple("127.0.0.12", 4L, "gtm"));
    }

    @Test
    void rowsComeInKeyOrderSoConcurrentIngestsLockAlike() {
        UsageRollup r = rollup(edgeBatch("sjc-1", "sjc", List.of(edge(T, "globex.cdn.test", "sjc", 1),
                edge(T.plusSeconds(60), "acme.cdn.test", "sjc", 1), edge(T, "acme.cdn.test", "sjc", 1))));
        assertThat(r.edgeMinutes()).extracting(m -> m.property() + "@" + m.start()).containsExactly(
                "acme.cdn.test@" + T, "globex.cdn.test@" + T, "acme.cdn.test@" + T.plusSeconds(60));
    }
}
