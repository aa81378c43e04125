package dev.meridian.console.usage;

import static dev.meridian.console.usage.UsageFixtures.dns;
import static dev.meridian.console.usage.UsageFixtures.dnsBatch;
import static dev.meridian.console.usage.UsageFixtures.edge;
import static dev.meridian.console.usage.UsageFixtures.edgeBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.TestDatabases;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.IngestReceipt;
import dev.meridian.uplink.wire.UsageBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exactly-once, additive ingest on both databases. */
class UsageStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:34:56Z");
    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private MeridianConfig config;
    private Database database;
    private UsageStore store;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private void open(Database.Kind kind) {
        config = UsageFixtures.config(dir);
        database = TestDatabases.open(kind, dir);
        store = new UsageStore(database, CLOCK);
    }

    private IngestReceipt ingest(UsageBatch batch) throws SQLException {
        ValidBatch valid = new BatchValidator(CLOCK).validate(batch, UsageFixtures.node(config, batch.node()),
                UsageOwners.of(config), Duration.ofDays(35));
        return store.ingest(valid);
    }

    private long sum(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void aBatchSentTwiceCountsOnceAndTheSecondIsADuplicate(Database.Kind kind) throws Exception {
        open(kind);
        UsageBatch batch = edgeBatch("sjc-1", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 3)));
        assertThat(ingest(batch)).isEqualTo(new IngestReceipt("sjc-1", 1, false));
        assertThat(ingest(batch)).isEqualTo(new IngestReceipt("sjc-1", 0, true));
        assertThat(sum("SELECT SUM(requests) FROM edge_minute")).isEqualTo(3);
        assertThat(sum("SELECT SUM(requests) FROM edge_hour")).isEqualTo(3);
        assertThat(sum("SELECT COUNT(*) FROM ingested_batches")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void theSameBatchSentConcurrentlyCountsOnce(Database.Kind kind) throws Exception {
        open(kind);
        List<EdgeMinute> rows = new ArrayList<>();
        for (int m = 0; m < 30; m++) {
            rows.add(edge(T.plusSeconds(60L * m), "acme.cdn.test", "sjc", 1));
        }
        UsageBatch batch = edgeBatch("sjc-7", "sjc", rows);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<IngestReceipt>> senders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                senders.add(() -> ingest(batch));
            }
            int counted = 0;
            for (Future<IngestReceipt> f : pool.invokeAll(senders)) {
                IngestReceipt receipt = f.get();
                counted += receipt.duplicate() ? 0 : 1;
            }
            assertThat(counted).isEqualTo(1);
            assertThat(sum("SELECT SUM(requests) FROM edge_minute")).isEqualTo(30);
            assertThat(sum("SELECT SUM(requests) FROM edge_hour")).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void batchesAddUpPerMinuteAndHourAndTheGaugeTakesTheLargest(Database.Kind kind) throws Exception {
        open(kind);
        ingest(edgeBatch("sjc-1", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 5),
                edge(T.plusSeconds(60), "acme.cdn.test", "sjc", 7), edge(T, "globex.cdn.test", "sjc", 1))));
        ingest(edgeBatch("sjc-2", "sjc", List.of(edge(T, "ACME.cdn.test", "sjc", 2),
                edge(T.plusSeconds(60), "acme.cdn.test", "sjc", 1))));
        assertThat(sum("SELECT requests FROM edge_minute WHERE property = 'acme.cdn.test' AND minute_start = "
                + literal(T))).isEqualTo(7);
        assertThat(sum("SELECT rendition_bytes_stored FROM edge_minute WHERE property = 'acme.cdn.test'"
                + " AND minute_start = " + literal(T.plusSeconds(60)))).isEqualTo(7);
        assertThat(sum("SELECT bytes_to_clients FROM edge_hour WHERE property = 'acme.cdn.test'")).isEqualTo(15);
        assertThat(sum("SELECT rendition_bytes_stored FROM edge_hour WHERE property = 'acme.cdn.test'")).isEqualTo(7);
        assertThat(sum("SELECT COUNT(*) FROM edge_minute WHERE customer = 'globex'")).isEqualTo(1);
        assertThat(sum("SELECT spool_bytes FROM nodes WHERE id = 'sjc'")).isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void dnsDecisionsAddUpPerBlockPerMinuteAndPerAnswerPerHour(Database.Kind kind) throws Exception {
        open(kind);
        ingest(dnsBatch("gtm-1", List.of(dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", 4),
                dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.2.0.0/24", 1),
                dns(T, "img.acme.test", "127.0.0.12", "iad", "10.1.0.0/24", 2))));
        ingest(dnsBatch("gtm-2", List.of(dns(T.plusSeconds(120), "acme.cdn.test", "127.0.0.11", "sjc",
                "10.1.0.0/24", 3), dns(T, "www.acme.test", "192.0.2.1", null, "10.1.0.0/24", 9))));
        assertThat(sum("SELECT COUNT(*) FROM dns_minute")).isEqualTo(4);
        assertThat(sum("SELECT decisions FROM dns_hour WHERE hostname = 'acme.cdn.test'")).isEqualTo(8);
        assertThat(sum("SELECT decisions FROM dns_hour WHERE hostname = 'img.acme.test' AND customer = 'acme'"))
                .isEqualTo(2);
        // www.acme.test is no property: dropped, not counted.
        assertThat(sum("SELECT SUM(decisions) FROM dns_minute")).isEqualTo(10);
        assertThat(sum("SELECT COUNT(*) FROM nodes WHERE id = 'gtm' AND role = 'GTM'")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void everyHourIsTheSumOfItsMinutes(Database.Kind kind) throws Exception {
        open(kind);
        int id = 0;
        for (int m = 0; m < 150; m += 7) {
            List<EdgeMinute> rows = new ArrayList<>();
            for (int k = 0; k < 7; k++) {
                rows.add(edge(T.minusSeconds(3 * 3600).plusSeconds(60L * (m + k)), "acme.cdn.test", "sjc", m + k + 1));
                rows.add(edge(T.minusSeconds(3 * 3600).plusSeconds(60L * (m + k)), "globex.cdn.test", "sjc", 2));
            }
            ingest(edgeBatch("sjc-" + (++id), "sjc", rows));
        }
        for (String column : EdgeCounts.COLUMNS.subList(0, EdgeCounts.GAUGE)) {
            assertThat(sum("SELECT COUNT(*) FROM (SELECT h.property, h.hour_start FROM edge_hour h JOIN edge_minute m"
                    + " ON m.property = h.property AND m.pop = h.pop AND m.minute_start >= h.hour_start"
                    + " AND m.minute_start < h.hour_start + INTERVAL '1' HOUR"
                    + " GROUP BY h.property, h.pop, h.hour_start, h." + column + " HAVING SUM(m." + column + ") <> h."
                    + column + ") x")).as(column).isZero();
        }
        assertThat(sum("SELECT SUM(requests) FROM edge_hour")).isEqualTo(sum("SELECT SUM(requests) FROM edge_minute"));
        assertThat(sum("SELECT COUNT(*) FROM edge_hour")).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void everyCustomerMinuteIsTheSumOfItsPropertiesMinutes(Database.Kind kind) throws Exception {
        open(kind);
        ingest(edgeBatch("sjc-1", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 3), edge(T, "globex.cdn.test", "sjc", 5))));
        ingest(edgeBatch("sjc-2", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 10))));

        assertThat(sum("SELECT requests FROM customer_minute WHERE customer = 'acme' AND pop = 'sjc' AND minute_start = "
                + literal(T))).isEqualTo(3 + 10);
        assertThat(sum("SELECT requests FROM customer_minute WHERE customer = 'globex'")).isEqualTo(5);
        assertThat(sum("SELECT COUNT(*) FROM (SELECT c.customer FROM customer_minute c JOIN edge_minute m"
                + " ON m.customer = c.customer AND m.pop = c.pop AND m.minute_start = c.minute_start"
                + " GROUP BY c.customer, c.pop, c.minute_start, c.requests, c.bytes_to_clients"
                + " HAVING SUM(m.requests) <> c.requests OR SUM(m.bytes_to_clients) <> c.bytes_to_clients) x")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void everyDnsCustomerMinuteIsTheSumOfItsHostnamesAndBlocks(Database.Kind kind) throws Exception {
        open(kind);
        ingest(dnsBatch("gtm-1", List.of(dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", 4),
                dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.2.0.0/24", 1),
                dns(T, "img.acme.test", "127.0.0.11", "sjc", "10.1.0.0/24", 2),
                dns(T, "img.acme.test", "127.0.0.12", "iad", "10.1.0.0/24", 6),
                dns(T, "globex.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", 5))));
        ingest(dnsBatch("gtm-2", List.of(dns(T, "img.acme.test", "127.0.0.11", "sjc", "10.3.0.0/24", 10))));

        assertThat(sum("SELECT decisions FROM dns_customer_minute WHERE customer = 'acme' AND answer = '127.0.0.11'"
                + " AND pop = 'sjc' AND node = 'gtm' AND minute_start = " + literal(T))).isEqualTo(4 + 1 + 2 + 10);
        assertThat(sum("SELECT COUNT(*) FROM dns_customer_minute")).isEqualTo(3);
        assertThat(sum("SELECT COUNT(*) FROM (SELECT c.customer FROM dns_customer_minute c JOIN dns_minute m"
                + " ON m.customer = c.customer AND m.answer = c.answer AND m.pop = c.pop AND m.node = c.node"
                + " AND m.minute_start = c.minute_start"
                + " GROUP BY c.customer, c.answer, c.pop, c.node, c.minute_start, c.decisions"
                + " HAVING SUM(m.decisions) <> c.decisions) x")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void oneBatchInsertsItsNewKeysAndAddsToItsKnownOnes(Database.Kind kind) throws Exception {
        open(kind);
        ingest(edgeBatch("sjc-1", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 5))));
        // Known (acme at T, and its hour), new key in a known minute (globex at T), new minute (acme at T+1).
        ingest(edgeBatch("sjc-2", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 2), edge(T, "globex.cdn.test", "sjc", 3),
                edge(T.plusSeconds(60), "acme.cdn.test", "sjc", 4))));

        assertThat(sum("SELECT requests FROM edge_minute WHERE property = 'acme.cdn.test' AND minute_start = "
                + literal(T))).isEqualTo(5 + 2);
        assertThat(sum("SELECT requests FROM edge_minute WHERE property = 'globex.cdn.test'")).isEqualTo(3);
        assertThat(sum("SELECT requests FROM edge_minute WHERE property = 'acme.cdn.test' AND minute_start = "
                + literal(T.plusSeconds(60)))).isEqualTo(4);
        assertThat(sum("SELECT COUNT(*) FROM edge_minute")).isEqualTo(3);
        assertThat(sum("SELECT requests FROM edge_hour WHERE property = 'acme.cdn.test'")).isEqualTo(5 + 2 + 4);
        assertThat(sum("SELECT COUNT(*) FROM edge_hour")).isEqualTo(2);
        assertThat(sum("SELECT requests FROM customer_minute WHERE customer = 'acme' AND minute_start = "
                + literal(T))).isEqualTo(5 + 2);
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void everyNetworkMinuteIsTheSumOfItsCustomersMinutes(Database.Kind kind) throws Exception {
        open(kind);
        ingest(edgeBatch("sjc-1", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 3), edge(T, "globex.cdn.test", "sjc", 5),
                edge(T.plusSeconds(60), "acme.cdn.test", "sjc", 7))));
        ingest(edgeBatch("sjc-2", "sjc", List.of(edge(T, "acme.cdn.test", "sjc", 10))));
        ingest(edgeBatch("iad-1", "iad", List.of(edge(T, "globex.cdn.test", "iad", 2))));
        ingest(dnsBatch("gtm-1", List.of(dns(T, "acme.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", 4),
                dns(T, "globex.cdn.test", "127.0.0.11", "sjc", "10.2.0.0/24", 1),
                dns(T, "globex.cdn.test", "127.0.0.12", "iad", "10.2.0.0/24", 6))));

        assertThat(sum("SELECT requests FROM network_minute WHERE pop = 'sjc' AND minute_start = " + literal(T)))
                .isEqualTo(3 + 5 + 10);
        assertThat(sum("SELECT COUNT(*) FROM network_minute")).isEqualTo(3);
        assertThat(sum("SELECT decisions FROM dns_network_minute WHERE answer = '127.0.0.11' AND pop = 'sjc'"))
                .isEqualTo(4 + 1);
        assertThat(sum("SELECT COUNT(*) FROM (SELECT n.pop FROM network_minute n JOIN customer_minute c"
                + " ON c.pop = n.pop AND c.minute_start = n.minute_start"
                + " GROUP BY n.pop, n.minute_start, n.requests, n.bytes_to_clients"
                + " HAVING SUM(c.requests) <> n.requests OR SUM(c.bytes_to_clients) <> n.bytes_to_clients) x")).isZero();
        assertThat(sum("SELECT COUNT(*) FROM (SELECT n.answer FROM dns_network_minute n JOIN dns_customer_minute c"
                + " ON c.answer = n.answer AND c.pop = n.pop AND c.node = n.node AND c.minute_start = n.minute_start"
                + " GROUP BY n.answer, n.pop, n.node, n.minute_start, n.decisions HAVING SUM(c.decisions) <> n.decisions) x"))
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void aBatchLargerThanOneStatementGoesInSeveralAndCountsEveryRow(Database.Kind kind) throws Exception {
        open(kind);
        int minutes = UsageTable.MAX_ROWS / 2 + 50;
        List<EdgeMinute> first = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            first.add(edge(T.minusSeconds(60L * m), "acme.cdn.test", "sjc", 1));
            first.add(edge(T.minusSeconds(60L * m), "globex.cdn.test", "sjc", 1));
        }
        ingest(edgeBatch("sjc-1", "sjc", first));
        // Again, plus one more minute: the rows that were in the first statement and those in the second are
        // all known now, the new ones at the end of the key order.
        List<EdgeMinute> second = new ArrayList<>(first);
        second.add(edge(T.minusSeconds(60L * minutes), "acme.cdn.test", "sjc", 1));
        second.add(edge(T.minusSeconds(60L * minutes), "globex.cdn.test", "sjc", 1));
        ingest(edgeBatch("sjc-2", "sjc", second));

        assertThat(first.size()).isGreaterThan(UsageTable.MAX_ROWS);
        assertThat(sum("SELECT COUNT(*) FROM edge_minute")).isEqualTo(second.size());
        assertThat(sum("SELECT SUM(requests) FROM edge_minute")).isEqualTo(first.size() + second.size());
        assertThat(sum("SELECT MIN(requests) FROM edge_minute WHERE minute_start > "
                + literal(T.minusSeconds(60L * minutes)))).isEqualTo(2);
        assertThat(sum("SELECT SUM(requests) FROM edge_hour")).isEqualTo(first.size() + second.size());
        assertThat(sum("SELECT SUM(requests) FROM customer_minute")).isEqualTo(first.size() + second.size());
    }

    @Test
    void hourTablesLeaveRoomOnEachPageForUpdatesInPlaceOnPostgresql() throws Exception {
        open(Database.Kind.POSTGRESQL);
        for (String table : List.of("edge_hour", "dns_hour")) {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = '"
                         + table + "'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("fillfactor=50");
            }
        }
    }

    private static String literal(Instant t) {
        return "TIMESTAMP WITH TIME ZONE '" + OffsetDateTime.ofInstant(t, ZoneOffset.UTC) + "'";
    }
}
