package dev.meridian.console.usage;

import dev.meridian.console.db.Database;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An "insert, or merge into the row already there" statement for one table, with one {@code ?} per
 * column in the order given. PostgreSQL gets {@code INSERT ... ON CONFLICT DO UPDATE}: safe against a
 * concurrent insert of the same key, and sent as multi-row INSERTs by the driver's batch rewriting.
 * H2 has no {@code ON CONFLICT DO UPDATE}, so it gets the standard {@code MERGE} over a one-row
 * {@code VALUES} table (typed by casts, as H2 cannot infer a parameter's type there).
 */
final class UpsertSql {

    /** How a column of an existing row takes the new value. */
    enum Merge { KEY, KEEP, ADD, MAX, REPLACE }

    record Column(String name, String type, Merge merge) {
    }

    private UpsertSql() {
    }

    static String of(Database.Kind kind, String table, List<Column> columns) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        return switch (kind) {
            case POSTGRESQL -> "INSERT INTO " + table + " (" + names + ") VALUES ("
                    + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT ("
                    + columns.stream().filter(c -> c.merge() == Merge.KEY).map(Column::name).collect(Collectors.joining(", "))
                    + ") DO UPDATE SET " + updates(columns, table, "EXCLUDED");
            case H2 -> "MERGE INTO " + table + " t USING (VALUES ("
                    + columns.stream().map(c -> "CAST(? AS " + c.type() + ")").collect(Collectors.joining(", "))
                    + ")) AS s(" + names + ") ON "
                    + columns.stream().filter(c -> c.merge() == Merge.KEY).map(c -> "t." + c.name() + " = s." + c.name())
                    .collect(Collectors.joining(" AND "))
                    + " WHEN MATCHED THEN UPDATE SET " + updates(columns, "t", "s")
                    + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES ("
                    + columns.stream().map(c -> "s." + c.name()).collect(Collectors.joining(", ")) + ")";
        };
    }

    private static String updates(List<Column> columns, String old, String fresh) {
        return columns.stream().filter(c -> c.merge() != Merge.KEY && c.merge() != Merge.KEEP).map(c -> c.name() + " = "
                + switch (c.merge()) {
                    case ADD -> old + "." + c.name() + " + " + fresh + "." + c.name();
                    case MAX -> "GREATEST(" + old + "." + c.name() + ", " + fresh + "." + c.name() + ")";
                    default -> fresh + "." + c.name();
                }).collect(Collectors.joining(", "));
    }
}
