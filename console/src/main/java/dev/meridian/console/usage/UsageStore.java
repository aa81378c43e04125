package dev.meridian.console.usage;

import dev.meridian.console.db.Database;
import dev.meridian.uplink.wire.IngestReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Counts a valid batch exactly once: in ONE transaction it records the batch id, adds the batch's
 * minutes and the hours they fall in to the usage tables, and updates the sender's row in
 * {@code nodes}. The batch id's primary key decides duplicates, on both databases and between
 * consoles sharing one: of two transactions inserting the same id, the second waits for the first and
 * then fails on the key (a duplicate, nothing counted), or succeeds if the first rolled back. Rows go
 * as one statement per table ({@link UsageTable}), sorted by key so that concurrent ingests lock rows in
 * the same order.
 */
public final class UsageStore {
    /** SQLSTATE of a unique-key violation, the same on PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final List<String> EDGE_TEXTS = List.of("customer", "property", "pop");
    private static final int[] EDGE_KEY = {1, 2};
    private static final UsageTable EDGE_MINUTE = new UsageTable("edge_minute", "minute_start", EDGE_TEXTS, EDGE_KEY,
            EdgeCounts.COLUMNS, EdgeCounts.GAUGE);
    private static final UsageTable EDGE_HOUR = new UsageTable("edge_hour", "hour_start", EDGE_TEXTS, EDGE_KEY,
            EdgeCounts.COLUMNS, EdgeCounts.GAUGE);
    private static final UsageTable CUSTOMER_MINUTE = new UsageTable("customer_minute", "minute_start",
            List.of("customer", "pop"), new int[] {0, 1}, List.of("requests", "bytes_to_clients"), -1);
    private static final UsageTable DNS_MINUTE = new UsageTable("dns_minute", "minute_start",
            List.of("customer", "hostname", "answer", "pop", "client_block", "node"), new int[] {1, 2, 4, 5},
            List.of("decisions"), -1);
    private static final UsageTable DNS_HOUR = new UsageTable("dns_hour", "hour_start",
            List.of("customer", "hostname", "answer", "pop", "node"), new int[] {1, 2, 3, 4},
            List.of("decisions"), -1);
    private static final UsageTable DNS_CUSTOMER_MINUTE = new UsageTable("dns_customer_minute", "minute_start",
            List.of("customer", "answer", "pop", "node"), new int[] {0, 1, 2, 3}, List.of("decisions"), -1);
    private static final UsageTable NETWORK_MINUTE = new UsageTable("network_minute", "minute_start", List.of("pop"),
            new int[] {0}, List.of("requests", "bytes_to_clients"), -1);
    private static final UsageTable DNS_NETWORK_MINUTE = new UsageTable("dns_network_minute", "minute_start",
            List.of("answer", "pop", "node"), new int[] {0, 1, 2}, List.of("decisions"), -1);

    private final Database database;
    private final Clock clock;

    public UsageStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
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
                EDGE_MINUTE.write(c, rollup.edgeMinutes());
                EDGE_HOUR.write(c, rollup.edgeHours());
                CUSTOMER_MINUTE.write(c, rollup.customerMinutes());
                DNS_MINUTE.write(c, rollup.dnsMinutes());
                DNS_HOUR.write(c, rollup.dnsHours());
                DNS_CUSTOMER_MINUTE.write(c, rollup.dnsCustomerMinutes());
                NETWORK_MINUTE.write(c, rollup.networkMinutes());
                DNS_NETWORK_MINUTE.write(c, rollup.dnsNetworkMinutes());
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

    /** The sender's row: its last report and its spool as it says (the first report makes the row). */
    private static void writeNode(Connection c, ValidBatch batch, OffsetDateTime now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE nodes SET role = ?, last_report = ?, spool_batches = ?,"
                + " spool_bytes = ?, dropped_minutes = ? WHERE id = ?")) {
            bindNode(update, batch, now);
            update.setString(6, batch.node().id());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO nodes (role, last_report, spool_batches,"
                + " spool_bytes, dropped_minutes, id) VALUES (?, ?, ?, ?, ?, ?)")) {
            bindNode(insert, batch, now);
            insert.setString(6, batch.node().id());
            insert.executeUpdate();
        }
    }

    private static void bindNode(PreparedStatement s, ValidBatch batch, OffsetDateTime now) throws SQLException {
        s.setString(1, batch.node().role().name());
        s.setObject(2, now);
        s.setLong(3, batch.spool().backlogBatches());
        s.setLong(4, batch.spool().backlogBytes());
        s.setLong(5, batch.spool().droppedMinutes());
    }
}
