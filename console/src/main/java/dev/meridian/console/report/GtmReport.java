package dev.meridian.console.report;

import dev.meridian.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The GTM's decisions from its per-minute rollups: per answered address per minute, and per POP. */
public final class GtmReport {
    private final Database database;

    public GtmReport(Database database) {
        this.database = database;
    }

    /**
     * One read of the window's decisions, summed per address and minute and per POP: with no hostname
     * chosen from the per-customer rows, or for every customer the network's (a row per answer and POP
     * rather than per hostname and client block).
     */
    public GtmActivity activity(Scope scope, Window window) {
        String table = scope.table("dns_minute", "dns_customer_minute", "dns_network_minute");
        String sql = "SELECT answer, pop, minute_start, SUM(decisions) FROM " + table + ""
                + " WHERE minute_start >= ? AND minute_start < ?" + scope.where("hostname")
                + " GROUP BY answer, pop, minute_start";
        Map<String, long[]> answers = new HashMap<>();
        Map<String, Long> pops = new HashMap<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, TrafficReport.utc(window.start()));
            statement.setObject(2, TrafficReport.utc(window.end()));
            scope.bind(statement, 3);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long decisions = rows.getLong(4);
                    long[] counts = answers.computeIfAbsent(rows.getString(1), a -> new long[window.minutes()]);
                    counts[window.indexOf(rows.getObject(3, OffsetDateTime.class).toInstant())] += decisions;
                    pops.merge(rows.getString(2), decisions, Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new ReportException("GTM decisions", e);
        }
        List<AnswerSeries> series = new ArrayList<>();
        answers.forEach((answer, counts) -> series.add(new AnswerSeries(answer, new MinuteSeries(window.start(), counts))));
        series.sort(Comparator.comparingLong((AnswerSeries s) -> s.decisions().total()).reversed()
                .thenComparing(AnswerSeries::answer));
        List<PopTotal> perPop = new ArrayList<>();
        pops.forEach((pop, count) -> perPop.add(new PopTotal(pop, 0, count)));
        perPop.sort(Comparator.comparingLong(PopTotal::count).reversed().thenComparing(PopTotal::pop));
        return new GtmActivity(series, perPop);
    }
}
