package dev.meridian.console.usage;

import static dev.meridian.console.usage.UsageFixtures.dns;
import static dev.meridian.console.usage.UsageFixtures.dnsBatch;
import static dev.meridian.console.usage.UsageFixtures.edge;
import static dev.meridian.console.usage.UsageFixtures.edgeBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the console refuses, what it drops, and what it counts. */
class BatchValidatorTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:34:56Z");
    private static final Instant T = Instant.parse("2026-12-07T12:30:00Z");
    private static final Duration RETENTION = Duration.ofDays(35);
    private final MeridianConfig config = UsageFixtures.config(Path.of("/nonexistent"));
    private final BatchValidator validator = new BatchValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    private ValidBatch validate(UsageBatch batch) {
        return validator.validate(batch, UsageFixtures.node(config, batch.node()), UsageOwners.of(config), RETENTION);
    }

    private void refused(UsageBatch batch, String reason) {
        assertThatThrownBy(() -> validate(batch)).isInstanceOf(InvalidBatchException.class).hasMessageContaining(reason);
    }

    @Test
    void aGoodBatchIsCountedWithEachRowsCustomer() {
        ValidBatch valid = validate(edgeBatch("sjc-1", "sjc", List.of(edge(T, "Acme.CDN.test", "sjc", 1),
                edge(T, "globex.cdn.test", "sjc", 1))));
        assertThat(valid.edge()).extracting(ValidBatch.OwnedEdgeMinute::customer).containsExactly("acme", "globex");
        assertThat(valid.edge().get(0).property()).isEqualTo("acme.cdn.test");
        assertThat(valid.dropped()).isEmpty();
    }

    @Test
    void minutesMustBeWholeAndNotInTheFuture() {
        refused(edgeBatch("sjc-1", "sjc", List.of(edge(T.plusSeconds(1), "acme.cdn.test", "sjc", 1))),
                "not the start of a UTC minute");
        refused(edgeBatch("sjc-1", "sjc", List.of(edge(T.plusMillis(60_000 + 1), "acme.cdn.test", "sjc", 1))),
                "not the start of a UTC minute");
        refused(edgeBatch("sjc-1", "sjc", List.of(edge(T.plus(Duration.ofMinutes(10)), "acme.cdn.test", "sjc", 1))),
                "in the future");
        assertThat(validate(edgeBatch("sjc-1", "sjc", List.of(edge(T.plus(Duration.ofMinutes(5)), "acme.cdn.test", "sjc",
                1)))).rows()).isEqualTo(1);
    }

    @Test
    void rowsOlderThanRetentionOrOfUnknownHostsAreDroppedNotRefused() {
        ValidBatch valid = validate(edgeBatch("sjc-1", "sjc", List.of(edge(T.minus(Duration.ofDays(36)), "acme.cdn.test",
                "sjc", 1), edge(T, "gone.cdn.test", "sjc", 1), edge(T, "acme.cdn.test", "sjc", 1))));
        assertThat(valid.rows()).isEqualTo(1);
        assertThat(valid.dropped()).isEqualTo(Map.of(DropReason.TOO_OLD, 1, DropReason.UNKNOWN_HOST, 1));
    }

    @Test
    void dnsAliasesBelongToTheirPropertysCustomer() {
        ValidBatch valid = validate(dnsBatch("gtm-1", List.of(dns(T, "IMG.acme.test", "127.0.0.11", "sjc", "10.0.0.0/24", 1),
                dns(T, "acme.cdn.test", "192.0.2.1", null, "10.0.0.0/24", 1))));
        assertThat(valid.dns()).extracting(ValidBatch.OwnedDnsMinute::customer).containsExactly("acme", "acme");
        assertThat(valid.dns()).extracting(ValidBatch.OwnedDnsMinute::pop).containsExactly("sjc", "");
    }

    @Test
    void aNodeSendsOnlyItsOwnKindOfRowsUnderItsOwnIds() {
        refused(edgeBatch("gtm-1", "gtm", List.of(edge(T, "acme.cdn.test", "gtm", 1))), "a GTM node sent edge rows");
        refused(new UsageBatch("sjc-1", "sjc", NOW, null, List.of(), List.of(dns(T, "acme.cdn.test", "127.0.0.1", "sjc",
                "10.0.0.0/24", 1))), "an edge node sent DNS rows");
        refused(edgeBatch("sjc-1", "sjc", List.of(edge(T, "acme.cdn.test", "iad", 1))), "its own POP");
        refused(edgeBatch("iad-1", "sjc", List.of()), "must start with the node's id");
        refused(edgeBatch("sjc-1 OR 1=1", "sjc", List.of()), "batchId must be");
        refused(edgeBatch("sjc-" + "x".repeat(130), "sjc", List.of()), "batchId must be");
    }

    @Test
    void countsNamesAndSizesAreBounded() {
        refused(edgeBatch("sjc-1", "sjc", List.of(new EdgeMinute(T, "acme.cdn.test", "sjc", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, -1))), "negative");
        refused(dnsBatch("gtm-1", List.of(dns(T, "acme.cdn.test", "1".repeat(46), "sjc", "10.0.0.0/24", 1))),
                "answer is longer");
        refused(dnsBatch("gtm-1", List.of(dns(T, "acme.cdn.test", "127.0.0.1", "sjc", null, 1))), "clientBlock is missing");
        refused(dnsBatch("gtm-1", List.of(dns(T, "acme.cdn.test", "127.0.0.1", "sjc", "10.0.0.0/24", -2))), "negative");
        refused(new UsageBatch("sjc-1", "sjc", NOW, new SpoolStatus(-1, 0, 0), List.of(), List.of()), "spool");
        List<EdgeMinute> many = new ArrayList<>(Collections.nCopies(BatchValidator.MAX_ROWS + 1,
                edge(T, "acme.cdn.test", "sjc", 1)));
        refused(edgeBatch("sjc-1", "sjc", many), "at most " + BatchValidator.MAX_ROWS);
    }
}
