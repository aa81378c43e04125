package dev.meridian.console.purge;

import dev.meridian.uplink.purge.PurgeFeed;
import dev.meridian.uplink.purge.PurgeKind;
import dev.meridian.uplink.purge.PurgeSpec;
import dev.meridian.uplink.purge.SequencedPurge;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The purges table and each POP's acknowledgement (migration V6). Blocking JDBC: called from worker
 * threads and the fan-out's own pool, never from an I/O thread. The same SQL runs on H2 and PostgreSQL.
 */
public final class PurgeStore {
    private final DataSource db;

    public PurgeStore(DataSource db) {
        this.db = db;
    }

    /**
     * Numbers and records a purge, with a pending row for each POP. Inserts are serialized by the writer
     * row's lock, so the numbers commit in the order they were given (see the migration).
     */
    public PurgeRecord record(String customer, PurgeSpec spec, String requestedBy, Instant at, List<String> pops) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT id FROM purge_writer WHERE id = 1 FOR UPDATE");
                     ResultSet ignored = lock.executeQuery()) {
                    // the row lock is what matters, held until commit
                }
                long seq;
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO purges (customer, kind, target, soft, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?)",
                        new String[] {"seq"})) {
                    insert.setString(1, customer);
                    insert.setString(2, spec.kind().field());
                    insert.setString(3, spec.target());
                    insert.setBoolean(4, spec.soft());
                    insert.setString(5, requestedBy);
                    insert.setObject(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        seq = keys.getLong(1);
                    }
                }
                try (PreparedStatement ack = c.prepareStatement("INSERT INTO purge_acks (purge_seq, pop) VALUES (?, ?)")) {
                    for (String pop : pops) {
                        ack.setLong(1, seq);
                        ack.setString(2, pop);
                        ack.addBatch();
                    }
                    ack.executeBatch();
                }
                c.commit();
                List<PurgeRecord.PopAck> pending = pops.stream().map(p -> new PurgeRecord.PopAck(p, null, null, null)).toList();
                return new PurgeRecord(seq, customer, spec, requestedBy, at, pending);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the purge: " + e.getMessage(), e);
        }
    }

    /** The POP applied the purge; clears any earlier error. */
    public void acked(long seq, String pop, Instant at, double latencyMs) {
        update("UPDATE purge_acks SET acked_at = ?, latency_ms = ?, error = NULL WHERE purge_seq = ? AND pop = ? AND acked_at IS NULL",
                s -> {
                    s.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    s.setDouble(2, latencyMs);
                    s.setLong(3, seq);
                    s.setString(4, pop);
                });
    }

    /** The last failure to reach the POP (it stays pending). */
    public void failed(long seq, String pop, String error) {
        String e = error.length() > 1000 ? error.substring(0, 1000) : error;
        update("UPDATE purge_acks SET error = ? WHERE purge_seq = ? AND pop = ? AND acked_at IS NULL", s -> {
            s.setString(1, e);
            s.setLong(2, seq);
            s.setString(3, pop);
        });
    }

    /** One purge with its POPs, if it exists and {@code customer} (null: an operator) may see it. */
    public Optional<PurgeRecord> find(long seq, String customer) {
        List<PurgeRecord> found = query("SELECT seq, customer, kind, target, soft, requested_by, requested_at FROM purges WHERE seq = ?"
                + (customer == null ? "" : " AND customer = ?"), s -> {
                    s.setLong(1, seq);
                    if (customer != null) {
                        s.setString(2, customer);
                    }
                });
        return found.stream().findFirst();
    }

    /** The newest purges, newest first: a customer's own, or everybody's for an operator (null). */
    public List<PurgeRecord> recent(String customer, int limit) {
        return query("SELECT seq, customer, kind, target, soft, requested_by, requested_at FROM purges"
                + (customer == null ? "" : " WHERE customer = ?") + " ORDER BY seq DESC LIMIT ?", s -> {
                    int i = 1;
                    if (customer != null) {
                        s.setString(i++, customer);
                    }
                    s.setInt(i, limit);
                });
    }

    /** What a node missed: the purges after {@code after}, oldest first, and the newest number. */
    public PurgeFeed feed(long after, int limit) {
        try (Connection c = db.getConnection()) {
            long head;
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM purges");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                head = rs.getLong(1);
            }
            List<SequencedPurge> purges = new ArrayList<>();
            if (limit > 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT seq, kind, target, soft, customer FROM purges WHERE seq > ? ORDER BY seq LIMIT ?")) {
                    s.setLong(1, after);
                    s.setInt(2, limit);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            purges.add(new SequencedPurge(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                    rs.getString(5)));
                        }
                    }
                }
            }
            return new PurgeFeed(head, purges);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read purges: " + e.getMessage(), e);
        }
    }

    private List<PurgeRecord> query(String sql, Binder bind) {
        try (Connection c = db.getConnection()) {
            Map<Long, PurgeRecord> bySeq = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        PurgeSpec spec = new PurgeSpec(PurgeKind.ofField(rs.getString(3)), rs.getString(4), rs.getBoolean(5));
                        bySeq.put(rs.getLong(1), new PurgeRecord(rs.getLong(1), rs.getString(2), spec, rs.getString(6),
                                rs.getObject(7, OffsetDateTime.class).toInstant(), List.of()));
                    }
                }
            }
            if (bySeq.isEmpty()) {
                return List.of();
            }
            Map<Long, List<PurgeRecord.PopAck>> acks = new LinkedHashMap<>();
            long min = bySeq.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = bySeq.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            try (PreparedStatement s = c.prepareStatement("SELECT purge_seq, pop, acked_at, latency_ms, error FROM purge_acks"
                    + " WHERE purge_seq BETWEEN ? AND ? ORDER BY purge_seq, pop")) {
                s.setLong(1, min);
                s.setLong(2, max);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (!bySeq.containsKey(rs.getLong(1))) {
                            continue;
                        }
                        OffsetDateTime acked = rs.getObject(3, OffsetDateTime.class);
                        double latency = rs.getDouble(4);
                        Double latencyMs = rs.wasNull() ? null : latency;
                        acks.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new PurgeRecord.PopAck(rs.getString(2),
                                acked == null ? null : acked.toInstant(), latencyMs, rs.getString(5)));
                    }
                }
            }
            return bySeq.values().stream().map(p -> new PurgeRecord(p.seq(), p.customer(), p.spec(), p.requestedBy(),
                    p.requestedAt(), acks.getOrDefault(p.seq(), List.of()))).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read purges: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Binder bind) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record a POP's purge state: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }
}
