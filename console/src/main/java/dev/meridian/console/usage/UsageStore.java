package dev.meridian.console.usage;

import dev.meridian.console.db.Database;
import dev.meridian.console.usage.UpsertSql.Column;
import dev.meridian.console.usage.UpsertSql.Merge;
import dev.meridian.uplink.wire.IngestReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a valid batch exactly once: in ONE transaction it records the batch id, adds the batch's
 * minutes and the hours they fall in to the usage tables, and updates the sender's row in
 * {@code nodes}. The batch id's primary key decides duplicates, on both databases and between
 * consoles sharing one: of two transactions inserting the same id, the second waits for the first and
 * then fails on the key (a duplicate, nothing counted), or succeeds if the first rolled back. Rows go
 * as JDBC batches, sorted by key so that concurrent ingests lock rows in the same order.
 */
public final class UsageStore {
    /** SQLSTATE of a unique-key violation, the same on PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** Rows per executeBatch: bounds what the driver buffers for one round trip. */
    private static final int CHUNK = 2_000;
    private static final String TIMESTAMP = "TIMESTAMP WITH TIME ZONE";
    private static final String TEXT = "VARCHAR";
    private static final String COUNT = "BIGINT";

    private final Database database;
    private final Clock clock;
    private final String edgeMinuteSql;
    private final String edgeHourSql;
    private final String dnsMinuteSql;
    private final String dnsHourSql;
    private final String nodeSql;

    public UsageStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        Database.Kind kind = database.kind();
        this.edgeMinuteSql = UpsertSql.of(kind, "edge_minute", edgeColumns("minute_start"));
        this.edgeHourSql = UpsertSql.of(kind, "edge_hour", edgeColumns("hour_start"));
        this.dnsMinuteSql = UpsertSql.of(kind, "dns_minute", List.of(new Column("minute_start", TIMESTAMP, Merge.KEY),
                new Column("customer", TEXT, Merge.KEEP), new Column("hostname", TEXT, Merge.KEY),
                new Column("answer", TEXT, Merge.KEY), new Column("pop", TEXT, Merge.KEEP),
                new Column("client_block", TEXT, Merge.KEY), new Column("node", TEXT, Merge.KEY),
                new Column("decisions", COUNT, Merge.ADD)));
        this.dnsHourSql = UpsertSql.of(kind, "dns_hour", List.of(new Column("hour_start", TIMESTAMP, Merge.KEY),
                new Column("customer", TEXT, Merge.KEEP), new Column("hostname", TEXT, Merge.KEY),
                new Column("answer", TEXT, Merge.KEY), new Column("pop", TEXT, Merge.KEY),
                new Column("node", TEXT, Merge.KEY), new Column("decisions", COUNT, Merge.ADD)));
        this.nodeSql = UpsertSql.of(kind, "nodes", List.of(new Column("id", TEXT, Merge.KEY),
                new Column("role", TEXT, Merge.REPLACE), new Column("last_report", TIMESTAMP, Merge.REPLACE),
                new Column("spool_batches", COUNT, Merge.REPLACE), new Column("spool_bytes", COUNT, Merge.REPLACE),
                new Column("dropped_minutes", COUNT, Merge.REPLACE)));
    }

    private static List<Column> edgeColumns(String start) {
        List<Column> columns = new ArrayList<>(List.of(new Column(start, TIMESTAMP, Merge.KEY),
                new Column("customer", TEXT, Merge.KEEP), new Column("property", TEXT, Merge.KEY),
                new Column("pop", TEXT, Merge.KEY)));
        for (int i = 0; i < EdgeCounts.COLUMNS.size(); i++) {
            columns.add(new Column(EdgeCounts.COLUMNS.get(i), COUNT, i == EdgeCounts.GAUGE ? Merge.MAX : Merge.ADD));
        }
        return columns;
    }

    /**
     * Ingests a batch. A duplicate answers {@code duplicate=true} and changes nothing; any other
     * failure is thrown (the node keeps the batch and sends it again).
     */
    public IngestReceipt ingest(ValidBatch batch) throws SQLException {
        UsageRollup rollup = UsageRollup.of(batch);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!recordBatch(c, batch, now)) {
                    c.rollback();
                    return new IngestReceipt(batch.batchId(), 0, true);
                }
                writeEdge(c, edgeMinuteSql, rollup.edgeMinutes());
                writeEdge(c, edgeHourSql, rollup.edgeHours());
                writeDns(c, dnsMinuteSql, rollup.dnsMinutes(), true);
                writeDns(c, dnsHourSql, rollup.dnsHours(), false);
                writeNode(c, batch, now);
                c.commit();
                return new IngestReceipt(batch.batchId(), batch.rows(), false);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Inserts the batch id; false if it is there already (the key decides, also against another console). */
    private static boolean recordBatch(Connection c, ValidBatch batch, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO ingested_batches (batch_id, node_id, received_at, row_count) VALUES (?, ?, ?, ?)")) {
            s.setString(1, batch.batchId());
            s.setString(2, batch.node().id());
            s.setObject(3, now);
            s.setInt(4, batch.rows());
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void writeEdge(Connection c, String sql, List<UsageRollup.EdgeRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int pending = 0;
            for (UsageRollup.EdgeRow row : rows) {
                s.setObject(1, OffsetDateTime.ofInstant(row.start(), ZoneOffset.UTC));
                s.setString(2, row.customer());
                s.setString(3, row.property());
                s.setString(4, row.pop());
                long[] counts = row.counts();
                for (int i = 0; i < counts.length; i++) {
                    s.setLong(5 + i, counts[i]);
                }
                s.addBatch();
                if (++pending == CHUNK) {
                    s.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                s.executeBatch();
            }
        }
    }

    private static void writeDns(Connection c, String sql, List<UsageRollup.DnsRow> rows, boolean perMinute)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int pending = 0;
            for (UsageRollup.DnsRow row : rows) {
                int i = 1;
                s.setObject(i++, OffsetDateTime.ofInstant(row.start(), ZoneOffset.UTC));
                s.setString(i++, row.customer());
                s.setString(i++, row.hostname());
                s.setString(i++, row.answer());
                s.setString(i++, row.pop());
                if (perMinute) {
                    s.setString(i++, row.clientBlock());
                }
                s.setString(i++, row.node());
                s.setLong(i, row.decisions());
                s.addBatch();
                if (++pending == CHUNK) {
                    s.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                s.executeBatch();
            }
        }
    }

    private void writeNode(Connection c, ValidBatch batch, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(nodeSql)) {
            s.setString(1, batch.node().id());
            s.setString(2, batch.node().role().name());
            s.setObject(3, now);
            s.setLong(4, batch.spool().backlogBatches());
            s.setLong(5, batch.spool().backlogBytes());
            s.setLong(6, batch.spool().droppedMinutes());
            s.executeUpdate();
        }
    }
}
