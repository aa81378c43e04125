package dev.meridian.console.testing;

import dev.meridian.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Puts rollup rows straight into a console database, as the ingest would have, for report and page tests. */
public final class UsageRows {
    private final Database database;

    public UsageRows(Database database) {
        this.database = database;
    }

    /** One edge minute, the same counts added to its hour, and to its customer's and the network's minute. */
    public UsageRows edge(Instant minute, String customer, String property, String pop, long requests, long bytes,
                          long hits, long originBytes, long renditionBytesStored) {
        String columns = "(customer, property, pop, requests, bytes_to_clients, hits, bytes_from_origin, rendition_bytes_stored, ";
        update("INSERT INTO edge_minute " + columns + "minute_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                customer, property, pop, requests, bytes, hits, originBytes, renditionBytesStored, minute);
        if (update("UPDATE customer_minute SET requests = requests + ?, bytes_to_clients = bytes_to_clients + ?"
                + " WHERE customer = ? AND pop = ? AND minute_start = ?", requests, bytes, customer, pop, minute) == 0) {
            update("INSERT INTO customer_minute (customer, pop, requests, bytes_to_clients, minute_start)"
                    + " VALUES (?, ?, ?, ?, ?)", customer, pop, requests, bytes, minute);
        }
        if (update("UPDATE network_minute SET requests = requests + ?, bytes_to_clients = bytes_to_clients + ?"
                + " WHERE pop = ? AND minute_start = ?", requests, bytes, pop, minute) == 0) {
            update("INSERT INTO network_minute (pop, requests, bytes_to_clients, minute_start) VALUES (?, ?, ?, ?)",
                    pop, requests, bytes, minute);
        }
        Instant hour = minute.truncatedTo(ChronoUnit.HOURS);
        if (update("UPDATE edge_hour SET requests = requests + ?, bytes_to_clients = bytes_to_clients + ?, hits = hits + ?,"
                + " bytes_from_origin = bytes_from_origin + ?,"
                + " rendition_bytes_stored = GREATEST(rendition_bytes_stored, ?)"
                + " WHERE property = ? AND pop = ? AND hour_start = ?",
                requests, bytes, hits, originBytes, renditionBytesStored, property, pop, hour) == 0) {
            update("INSERT INTO edge_hour " + columns + "hour_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    customer, property, pop, requests, bytes, hits, originBytes, renditionBytesStored, hour);
        }
        return this;
    }

    /** GTM decisions in one minute, the same added to its hour, and to its customer's and the network's minute. */
    public UsageRows dns(Instant minute, String customer, String hostname, String answer, String pop, long decisions) {
        update("INSERT INTO dns_minute (customer, hostname, answer, pop, client_block, node, decisions, minute_start)"
                + " VALUES (?, ?, ?, ?, '198.51.100.0/24', 'gtm', ?, ?)", customer, hostname, answer, pop, decisions, minute);
        if (update("UPDATE dns_customer_minute SET decisions = decisions + ? WHERE customer = ? AND answer = ? AND pop = ?"
                + " AND node = 'gtm' AND minute_start = ?", decisions, customer, answer, pop, minute) == 0) {
            update("INSERT INTO dns_customer_minute (customer, answer, pop, node, decisions, minute_start)"
                    + " VALUES (?, ?, ?, 'gtm', ?, ?)", customer, answer, pop, decisions, minute);
        }
        if (update("UPDATE dns_network_minute SET decisions = decisions + ? WHERE answer = ? AND pop = ?"
                + " AND node = 'gtm' AND minute_start = ?", decisions, answer, pop, minute) == 0) {
            update("INSERT INTO dns_network_minute (answer, pop, node, decisions, minute_start)"
                    + " VALUES (?, ?, 'gtm', ?, ?)", answer, pop, decisions, minute);
        }
        Instant hour = minute.truncatedTo(ChronoUnit.HOURS);
        if (update("UPDATE dns_hour SET decisions = decisions + ? WHERE hostname = ? AND answer = ? AND pop = ?"
                + " AND node = 'gtm' AND hour_start = ?", decisions, hostname, answer, pop, hour) == 0) {
            update("INSERT INTO dns_hour (customer, hostname, answer, pop, node, decisions, hour_start)"
                    + " VALUES (?, ?, ?, ?, 'gtm', ?, ?)", customer, hostname, answer, pop, decisions, hour);
        }
        return this;
    }

    private int update(String sql, Object... values) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i] instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : values[i];
                statement.setObject(i + 1, value);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
