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
        // customer, answer, pop, node: decisions
        assertThat(r.dnsCustomerMinutes()).extracting(UsageRollup.SumRow::texts, row -> row.counts()[0])
                .containsExactly(tuple(List.of("acme", "127.0.0.11", "sjc", "gtm"), 3L),
                        tuple(List.of("acme", "127.0.0.12", "iad", "gtm"), 4L));
    }

    @Test
    void rowsComeInKeyOrderSoConcurrentIngestsLockAlike() {
        UsageRollup r = rollup(edgeBatch("sjc-1", "sjc", List.of(edge(T, "globex.cdn.test", "sjc", 1),
                edge(T.plusSeconds(60), "acme.cdn.test", "sjc", 1), edge(T, "acme.cdn.test", "sjc", 1))));
        assertThat(r.edgeMinutes()).extracting(m -> m.property() + "@" + m.start()).containsExactly(
                "acme.cdn.test@" + T, "globex.cdn.test@" + T, "acme.cdn.test@" + T.plusSeconds(60));
        // customer_minute's key: pop, minute, customer.
        assertThat(r.customerMinutes()).extracting(m -> m.texts().get(0) + "@" + m.start()).containsExactly(
                "acme@" + T, "globex@" + T, "acme@" + T.plusSeconds(60));

        UsageRollup dns = rollup(dnsBatch("gtm-1", List.of(dns(T, "globex.cdn.test", "127.0.0.12", "iad", "10.1.0.0/24", 1),
                dns(T.plusSeconds(60), "acme.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", 1),
                dns(T, "acme.cdn.test", "127.0.0.12", "iad", "10.1.0.0/24", 1),
                dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", 1))));
        // dns_customer_minute's key: node, minute, customer, answer, pop; dns_network_minute's: node, minute, answer, pop.
        assertThat(dns.dnsCustomerMinutes()).extracting(m -> m.texts().get(0) + "/" + m.texts().get(1) + "@" + m.start())
                .containsExactly("acme/127.0.0.11@" + T, "acme/127.0.0.12@" + T, "globex/127.0.0.12@" + T,
                        "acme/127.0.0.11@" + T.plusSeconds(60));
        assertThat(dns.dnsNetworkMinutes()).extracting(m -> m.texts().get(0) + "@" + m.start() + "=" + m.counts()[0])
                .containsExactly("127.0.0.11@" + T + "=1", "127.0.0.12@" + T + "=2", "127.0.0.11@" + T.plusSeconds(60) + "=1");
    }
}
