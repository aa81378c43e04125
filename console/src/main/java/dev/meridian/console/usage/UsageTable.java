package dev.meridian.console.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One usage table and how a batch's rows go into it, on both databases with the same SQL: one standard
 * {@code MERGE} per table and batch that inserts the keys the table lacks and adds the counts to those
 * it has (gauges take the larger). Its rows come as one array parameter per column, turned back into
 * rows by {@code UNNEST}, so the statement's text is the same whatever the number of rows: both
 * databases parse and plan it once per connection, and it costs one execution for the whole batch
 * instead of one per row. That is several times cheaper than JDBC batches of single-row UPDATEs (each a
 * full executor run on PostgreSQL, half of all ingest time there) and than many rows as {@code VALUES}
 * (PostgreSQL plans those again on every call, about 40 microseconds a row).
 *
 * <p>The rows arrive sorted by primary key and the arrays keep that order: H2 and PostgreSQL's nested
 * loop (its plan for a table past a few pages) visit them in it, so concurrent ingests lock rows in one
 * order. Only ingests of one node can touch the same rows (a node's rows carry its id in the key), and
 * those are serialized by the batch id before any usage row is touched: two sends of one batch wait on
 * its key, and a node sends its next batch only once the last is acknowledged. Were two such
 * transactions to meet anyway (a new key inserted by both, or rows locked in another order under
 * another plan), one would fail (a key violation, or a deadlock PostgreSQL detects) and roll back whole,
 * and the node sends its batch again: nothing is counted twice or lost.
 */
final class UsageTable {
    /** Most rows in one statement: bounds the arrays a statement carries (a batch is bounded too). */
    static final int MAX_ROWS = 4_096;

    private final String mergeSql;
    private final int texts;
    private final int counts;

    /**
     * @param table      the table
     * @param start      its time column (minute_start, hour_start)
     * @param texts      its text columns in {@link UsageRollup.Row#texts()} order
     * @param keyTexts   which of them are in the primary key (with {@code start})
     * @param countNames its count columns, in {@link UsageRollup.Row#counts()} order
     * @param gauge      the index of a count merged by its maximum, or -1
     */
    UsageTable(String table, String start, List<String> texts, int[] keyTexts, List<String> countNames, int gauge) {
        this.texts = texts.size();
        this.counts = countNames.size();
        List<String> all = new ArrayList<>();
        all.add(start);
        all.addAll(texts);
        all.addAll(countNames);
        String arrays = "CAST(? AS TIMESTAMP WITH TIME ZONE ARRAY)"
                + ", CAST(? AS VARCHAR ARRAY)".repeat(this.texts) + ", CAST(? AS BIGINT ARRAY)".repeat(counts);
        String on = IntStream.of(keyTexts).mapToObj(texts::get).map(k -> "t." + k + " = v." + k)
                .collect(Collectors.joining(" AND ")) + " AND t." + start + " = v." + start;
        String add = IntStream.range(0, counts).mapToObj(i -> {
            String c = countNames.get(i);
            return i == gauge ? c + " = GREATEST(t." + c + ", v." + c + ")" : c + " = t." + c + " + v." + c;
        }).collect(Collectors.joining(", "));
        String columns = String.join(", ", all);
        this.mergeSql = "MERGE INTO " + table + " t USING (SELECT * FROM UNNEST(" + arrays + ")) AS v (" + columns
                + ") ON " + on + " WHEN MATCHED THEN UPDATE SET " + add + " WHEN NOT MATCHED THEN INSERT (" + columns
                + ") VALUES (" + all.stream().map(c -> "v." + c).collect(Collectors.joining(", ")) + ")";
    }

    /** Adds {@code rows}, sorted by primary key, to the table in the caller's transaction. */
    void write(Connection c, List<? extends UsageRollup.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = c.prepareStatement(mergeSql)) {
            for (int from = 0; from < rows.size(); from += MAX_ROWS) {
                List<? extends UsageRollup.Row> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS));
                Object[] starts = new Object[chunk.size()];
                Object[][] columns = new Object[texts + counts][chunk.size()];
                for (int r = 0; r < chunk.size(); r++) {
                    UsageRollup.Row row = chunk.get(r);
                    starts[r] = OffsetDateTime.ofInstant(row.start(), ZoneOffset.UTC);
                    List<String> rowTexts = row.texts();
                    for (int t = 0; t < texts; t++) {
                        columns[t][r] = rowTexts.get(t);
                    }
                    long[] rowCounts = row.counts();
                    for (int k = 0; k < counts; k++) {
                        columns[texts + k][r] = rowCounts[k];
                    }
                }
                merge.setArray(1, c.createArrayOf("timestamptz", starts));
                for (int i = 0; i < columns.length; i++) {
                    merge.setArray(i + 2, c.createArrayOf(i < texts ? "varchar" : "int8", columns[i]));
                }
                merge.executeUpdate();
            }
        }
    }
}
