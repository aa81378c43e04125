package dev.meridian.console.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One usage table and how a batch's rows go into it, on both databases with the same SQL. A batch's
 * rows all belong to one node ({@code scope}: the edge's POP, the GTM's node id) and a short span of
 * minutes, so one indexed query finds which of their keys exist; the new rows then go as one JDBC batch
 * of plain INSERTs (multi-row INSERTs on PostgreSQL, by the driver's batch rewriting) and the others as
 * one batch of UPDATEs that add the counts (gauges take the larger). That is several times faster than
 * a MERGE per row on H2 and an upsert per row on PostgreSQL. Two transactions writing the same new key
 * at once would fail on the primary key and be retried by the node; they cannot happen, as a node's
 * rows carry its own id in the key and its concurrent sends of one batch are serialized by the batch id.
 */
final class UsageTable {
    /** Rows per executeBatch: bounds what the driver buffers for one round trip. */
    private static final int CHUNK = 2_000;

    private final String insertSql;
    private final String updateSql;
    private final String existingSql;
    private final int[] keyTexts;
    private final int counts;

    /**
     * @param table      the table
     * @param start      its time column (minute_start, hour_start)
     * @param texts      its text columns in {@link UsageRollup.Row#texts()} order
     * @param keyTexts   which of them are in the primary key (with {@code start})
     * @param scope      the text column holding the sender's id
     * @param countNames its count columns, in {@link UsageRollup.Row#counts()} order
     * @param gauge      the index of a count merged by its maximum, or -1
     */
    UsageTable(String table, String start, List<String> texts, int[] keyTexts, String scope, List<String> countNames,
               int gauge) {
        this.keyTexts = keyTexts.clone();
        this.counts = countNames.size();
        List<String> all = new ArrayList<>();
        all.add(start);
        all.addAll(texts);
        all.addAll(countNames);
        this.insertSql = "INSERT INTO " + table + " (" + String.join(", ", all) + ") VALUES ("
                + all.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        String keyWhere = IntStream.of(keyTexts).mapToObj(i -> texts.get(i) + " = ?").collect(Collectors.joining(" AND "))
                + " AND " + start + " = ?";
        this.updateSql = "UPDATE " + table + " SET " + IntStream.range(0, counts).mapToObj(i -> {
            String c = countNames.get(i);
            return i == gauge ? c + " = GREATEST(" + c + ", ?)" : c + " = " + c + " + ?";
        }).collect(Collectors.joining(", ")) + " WHERE " + keyWhere;
        this.existingSql = "SELECT " + IntStream.of(keyTexts).mapToObj(texts::get).collect(Collectors.joining(", "))
                + ", " + start + " FROM " + table + " WHERE " + scope + " = ? AND " + start + " >= ? AND " + start + " <= ?";
    }

    /** Adds {@code rows}, all of sender {@code scope}, to the table in the caller's transaction. */
    void write(Connection c, String scope, List<? extends UsageRollup.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Set<String> existing = existingKeys(c, scope, rows);
        List<UsageRollup.Row> fresh = new ArrayList<>();
        List<UsageRollup.Row> known = new ArrayList<>();
        for (UsageRollup.Row row : rows) {
            (existing.contains(key(row)) ? known : fresh).add(row);
        }
        try (PreparedStatement insert = c.prepareStatement(insertSql)) {
            int pending = 0;
            for (UsageRollup.Row row : fresh) {
                int i = 1;
                insert.setObject(i++, utc(row.start()));
                for (String text : row.texts()) {
                    insert.setString(i++, text);
                }
                for (long count : row.counts()) {
                    insert.setLong(i++, count);
                }
                pending = add(insert, pending);
            }
            flush(insert, pending);
        }
        try (PreparedStatement update = c.prepareStatement(updateSql)) {
            int pending = 0;
            for (UsageRollup.Row row : known) {
                int i = 1;
                for (long count : row.counts()) {
                    update.setLong(i++, count);
                }
                List<String> texts = row.texts();
                for (int k : keyTexts) {
                    update.setString(i++, texts.get(k));
                }
                update.setObject(i, utc(row.start()));
                pending = add(update, pending);
            }
            flush(update, pending);
        }
    }

    private Set<String> existingKeys(Connection c, String scope, List<? extends UsageRollup.Row> rows)
            throws SQLException {
        Instant first = rows.get(0).start();
        Instant last = first;
        for (UsageRollup.Row row : rows) {
            first = row.start().isBefore(first) ? row.start() : first;
            last = row.start().isAfter(last) ? row.start() : last;
        }
        Set<String> keys = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(existingSql)) {
            s.setString(1, scope);
            s.setObject(2, utc(first));
            s.setObject(3, utc(last));
            try (ResultSet r = s.executeQuery()) {
                StringBuilder key = new StringBuilder();
                while (r.next()) {
                    key.setLength(0);
                    for (int i = 1; i <= keyTexts.length; i++) {
                        key.append(r.getString(i)).append('\u0000');
                    }
                    keys.add(key.append(r.getObject(keyTexts.length + 1, OffsetDateTime.class).toInstant()).toString());
                }
            }
        }
        return keys;
    }

    private String key(UsageRollup.Row row) {
        StringBuilder key = new StringBuilder();
        List<String> texts = row.texts();
        for (int k : keyTexts) {
            key.append(texts.get(k)).append('\u0000');
        }
        return key.append(row.start()).toString();
    }

    private static int add(PreparedStatement s, int pending) throws SQLException {
        s.addBatch();
        if (pending + 1 == CHUNK) {
            s.executeBatch();
            return 0;
        }
        return pending + 1;
    }

    private static void flush(PreparedStatement s, int pending) throws SQLException {
        if (pending > 0) {
            s.executeBatch();
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
