package dev.meridian.console.report;

import dev.meridian.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage per property per hour, day or month, from the hourly rollups of the edges and the GTM: the
 * basis of billing, and of the portal's CSV and JSON export.
 */
public final class UsageReport {
    private static final String EDGE = "SELECT customer, property, SUM(r), SUM(b), SUM(h), SUM(o), SUM(s) FROM ("
            + "SELECT customer, property, pop, SUM(requests) AS r, SUM(bytes_to_clients) AS b, SUM(hits) AS h,"
            + " SUM(bytes_from_origin) AS o, MAX(rendition_bytes_stored) AS s FROM edge_hour"
            + " WHERE hour_start >= ? AND hour_start < ?%s GROUP BY customer, property, pop) per_pop"
            + " GROUP BY customer, property";
    private static final String DNS = "SELECT customer, hostname, SUM(decisions) FROM dns_hour"
            + " WHERE hour_start >= ? AND hour_start < ?%s GROUP BY customer, hostname";

    private final Database database;

    public UsageReport(Database database) {
        this.database = database;
    }

    /**
     * Every property with usage in one of {@code buckets}, bucket by bucket (oldest first), then by
     * customer and property. A GTM-only hostname has a row with just its DNS answers.
     */
    public List<UsageRow> usage(Scope scope, List<Window> buckets) {
        List<UsageRow> rows = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement edge = connection.prepareStatement(EDGE.formatted(scope.where("property")));
             PreparedStatement dns = connection.prepareStatement(DNS.formatted(scope.where("hostname")))) {
            for (Window bucket : buckets) {
                rows.addAll(bucket(scope, bucket, edge, dns));
            }
        } catch (SQLException e) {
            throw new ReportException("usage", e);
        }
        return rows;
    }

    private static List<UsageRow> bucket(Scope scope, Window bucket, PreparedStatement edge, PreparedStatement dns)
            throws SQLException {
        Map<String, UsageRow> byProperty = new TreeMap<>();
        bindWindow(edge, bucket, scope);
        try (ResultSet rows = edge.executeQuery()) {
            while (rows.next()) {
                UsageRow row = new UsageRow(bucket.start(), rows.getString(1), rows.getString(2), rows.getLong(3),
                        rows.getLong(4), rows.getLong(5), rows.getLong(6), 0, rows.getLong(7));
                byProperty.put(key(row.customer(), row.property()), row);
            }
        }
        bindWindow(dns, bucket, scope);
        try (ResultSet rows = dns.executeQuery()) {
            while (rows.next()) {
                String customer = rows.getString(1);
                String hostname = rows.getString(2);
                long answers = rows.getLong(3);
                byProperty.merge(key(customer, hostname),
                        new UsageRow(bucket.start(), customer, hostname, 0, 0, 0, 0, answers, 0),
                        (e, d) -> new UsageRow(e.start(), e.customer(), e.property(), e.requests(), e.bytesToClients(),
                                e.hits(), e.bytesFromOrigin(), d.dnsAnswers(), e.renditionBytesStored()));
            }
        }
        return new ArrayList<>(byProperty.values());
    }

    private static void bindWindow(PreparedStatement statement, Window bucket, Scope scope) throws SQLException {
        statement.setObject(1, TrafficReport.utc(bucket.start()));
        statement.setObject(2, TrafficReport.utc(bucket.end()));
        scope.bind(statement, 3);
    }

    /** Sorts by customer, then property; NUL cannot occur in either. */
    private static String key(String customer, String property) {
        return customer + '\0' + property;
    }
}
