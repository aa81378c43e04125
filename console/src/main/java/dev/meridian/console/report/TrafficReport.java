package dev.meridian.console.report;

import dev.meridian.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The CDN's traffic from the edges' rollups: per minute for the activity page, per POP for "by location". */
public final class TrafficReport {
    private final Database database;

    public TrafficReport(Database database) {
        this.database = database;
    }

    /**
     * Bytes and requests per minute of {@code window}, summed over POPs (and properties, if none is chosen:
     * then from the per-customer rows, or for every customer the network's, a row per POP and minute).
     */
    public Traffic perMinute(Scope scope, Window window) {
        String table = scope.table("edge_minute", "customer_minute", "network_minute");
        String sql = "SELECT minute_start, SUM(bytes_to_clients), SUM(requests) FROM " + table
                + " WHERE minute_start >= ? AND minute_start < ?" + scope.where("property")
                + " GROUP BY minute_start";
        long[] bytes = new long[window.minutes()];
        long[] requests = new long[window.minutes()];
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, utc(window.start()));
            statement.setObject(2, utc(window.end()));
            scope.bind(statement, 3);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int minute = window.indexOf(rows.getObject(1, OffsetDateTime.class).toInstant());
                    bytes[minute] = rows.getLong(2);
                    requests[minute] = rows.getLong(3);
                }
            }
        } catch (SQLException e) {
            throw new ReportException("traffic per minute", e);
        }
        return new Traffic(window, new MinuteSeries(window.start(), bytes), new MinuteSeries(window.start(), requests));
    }

    /** What each POP served over {@code period}'s window, the busiest (by bytes) first. */
    public List<PopTotal> perPop(Scope scope, Period period, Window window) {
        // Every customer's traffic comes from the network's minutes whatever the period: a row per POP and
        // minute is fewer than a row per property and hour, and minutes are kept longer than the longest period.
        boolean network = scope.customer() == null && scope.property() == null;
        boolean hours = period.hourly() && !network;
        String table = hours ? "edge_hour" : scope.table("edge_minute", "customer_minute", "network_minute");
        String time = hours ? "hour_start" : "minute_start";
        String sql = "SELECT pop, SUM(bytes_to_clients) AS b, SUM(requests) AS r FROM " + table
                + " WHERE " + time + " >= ? AND " + time + " < ?" + scope.where("property")
                + " GROUP BY pop ORDER BY b DESC, pop";
        List<PopTotal> pops = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, utc(window.start()));
            statement.setObject(2, utc(window.end()));
            scope.bind(statement, 3);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pops.add(new PopTotal(rows.getString(1), rows.getLong(2), rows.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new ReportException("traffic per POP", e);
        }
        return pops;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
