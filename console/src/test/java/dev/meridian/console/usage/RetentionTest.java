package dev.meridian.console.usage;

import static dev.meridian.console.usage.UsageFixtures.dns;
import static dev.meridian.console.usage.UsageFixtures.dnsBatch;
import static dev.meridian.console.usage.UsageFixtures.edge;
import static dev.meridian.console.usage.UsageFixtures.edgeBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.TestDatabases;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.UsageBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Old usage goes, in bounded statements; everything younger than retention stays. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:34:56Z");

    @TempDir
    Path dir;

    private MeridianConfig config;
    private Database database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    /** Ingests as a console would have at {@code at}: rows in the minutes before it, received then. */
    private void ingestAt(Instant at, UsageBatch batch) throws SQLException {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        new UsageStore(database, clock).ingest(new BatchValidator(clock).validate(batch,
                UsageFixtures.node(config, batch.node()), UsageOwners.of(config), Duration.ofDays(35)));
    }

    private static List<EdgeMinute> minutes(Instant at, int n) {
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        List<EdgeMinute> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(edge(hour.plusSeconds(60L * i), "acme.cdn.test", "sjc", 1));
        }
        return rows;
    }

    private void fill(Database.Kind kind) throws SQLException {
        config = UsageFixtures.config(dir);
        database = TestDatabases.open(kind, dir);
        Instant past400 = NOW.minus(Duration.ofDays(400));
        Instant past40 = NOW.minus(Duration.ofDays(40));
        Instant recent = NOW.minus(Duration.ofDays(1));
        ingestAt(past400, edgeBatch("sjc-1", "sjc", minutes(past400, 2)));
        ingestAt(past40, edgeBatch("sjc-2", "sjc", minutes(past40, 7)));
        ingestAt(past40, dnsBatch("gtm-1", List.of(dns(past40.truncatedTo(ChronoUnit.HOURS), "acme.cdn.test",
                "127.0.0.11", "sjc", "10.0.0.0/24", 1))));
        ingestAt(recent, edgeBatch("sjc-3", "sjc", minutes(recent, 2)));
        ingestAt(recent, dnsBatch("gtm-2", List.of(dns(recent.truncatedTo(ChronoUnit.HOURS), "acme.cdn.test",
                "127.0.0.11", "sjc", "10.0.0.0/24", 1))));
    }

    private long count(String table) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private Retention retention(int rowsPerStatement) {
        return new Retention(database, new ConfigHolder(config), Clock.fixed(NOW, ZoneOffset.UTC), rowsPerStatement);
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void deletesOnlyRowsPastRetentionAFewAtATime(Database.Kind kind) throws Exception {
        fill(kind);
        Retention.Run run;
        try (Retention retention = retention(3)) {
            run = retention.runOnce();
        }
        assertThat(run.deleted()).isEqualTo(Map.of("edge_minute", 9L, "customer_minute", 9L, "network_minute", 9L,
                "dns_minute", 1L, "dns_customer_minute", 1L, "dns_network_minute", 1L, "edge_hour", 1L, "dns_hour", 0L,
                "ingested_batches", 3L));
        // edge_minute, customer_minute and network_minute: 3 + 3 + 3 + 0 each; ingested_batches: 3 + 0; one each
        // for the rest.
        assertThat(run.statements()).isEqualTo(19);
        assertThat(List.of(count("edge_minute"), count("customer_minute"), count("network_minute"), count("dns_minute"),
                count("dns_customer_minute"), count("dns_network_minute"), count("edge_hour"), count("dns_hour"),
                count("ingested_batches"))).containsExactly(2L, 2L, 2L, 1L, 1L, 1L, 2L, 2L, 2L);
    }

    @ParameterizedTest
    @EnumSource(Database.Kind.class)
    void twoConsolesRunningItAtOnceDeleteEachRowOnce(Database.Kind kind) throws Exception {
        fill(kind);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try (Retention a = retention(2); Retention b = retention(2)) {
            Future<Retention.Run> first = two.submit(a::runOnce);
            Future<Retention.Run> second = two.submit(b::runOnce);
            long deleted = first.get().deleted().get("edge_minute") + second.get().deleted().get("edge_minute");
            assertThat(deleted).isEqualTo(9);
        } finally {
            two.shutdownNow();
        }
        assertThat(List.of(count("edge_minute"), count("edge_hour"), count("ingested_batches")))
                .containsExactly(2L, 2L, 2L);
    }
}
