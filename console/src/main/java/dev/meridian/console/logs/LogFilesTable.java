package dev.meridian.console.logs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code log_files} table (V3): one row per stored file. */
final class LogFilesTable {
    /** SQLSTATE of a unique-key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS =
            "customer, name, node, bytes, lines, sha256, first_time, last_time, received_at";

    private final DataSource db;

    LogFilesTable(DataSource db) {
        this.db = db;
    }

    /** Adds the row; false when a row of that customer and name is already there. */
    boolean insert(LogFile f) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO log_files (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, f.customer());
            s.setString(2, f.name());
            s.setString(3, f.node());
            s.setLong(4, f.bytes());
            s.setLong(5, f.lines());
            s.setString(6, f.sha256());
            s.setObject(7, utc(f.firstTime()));
            s.setObject(8, utc(f.lastTime()));
            s.setObject(9, utc(f.receivedAt()));
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    Optional<LogFile> find(String customer, String name) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM log_files WHERE customer = ? AND name = ?")) {
            s.setString(1, customer);
            s.setString(2, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /**
     * Files with requests in {@code [from, to)}, newest first, at most {@code limit}.
     *
     * @param customer whose files; null for every customer's
     */
    List<LogFile> list(String customer, Instant from, Instant to, int limit) throws SQLException {
        String where = (customer == null ? "" : "customer = ? AND ") + "last_time >= ? AND first_time < ?";
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM log_files WHERE " + where
                     + " ORDER BY last_time DESC, customer, name LIMIT ?")) {
            int i = 1;
            if (customer != null) {
                s.setString(i++, customer);
            }
            s.setObject(i++, utc(from));
            s.setObject(i++, utc(to));
            s.setInt(i, limit);
            List<LogFile> files = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    files.add(row(r));
                }
            }
            return files;
        }
    }

    /** Up to {@code limit} files whose latest request is before {@code cutoff}, oldest first. */
    List<LogFile> endedBefore(Instant cutoff, int limit) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM log_files WHERE last_time < ? ORDER BY last_time LIMIT ?")) {
            s.setObject(1, utc(cutoff));
            s.setInt(2, limit);
            List<LogFile> files = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    files.add(row(r));
                }
            }
            return files;
        }
    }

    /** Deletes these rows in one transaction. */
    void delete(List<LogFile> files) throws SQLException {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM log_files WHERE customer = ? AND name = ?")) {
                for (LogFile f : files) {
                    s.setString(1, f.customer());
                    s.setString(2, f.name());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static LogFile row(ResultSet r) throws SQLException {
        return new LogFile(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getString(6),
                instant(r, 7), instant(r, 8), instant(r, 9));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        return r.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
