package dev.meridian.console.report;

import dev.meridian.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The GTM's decisions from its rollups: per answered address per minute, and per POP. */
public final class GtmReport {
    private final Database database;

    public GtmReport(Database database) {
        this.database = database;
    }

    /** Decisions per minute of {@code window} for each address answered, the most answered first. */
    public List<AnswerSeries> perAnswer(Scope scope, Window window) {
        String sql = "SELECT answer, minute_start, SUM(decisions) FROM dns_minute"
                + " WHERE minute_start >= ? AND minute_start < ?" + scope.where("hostname")
                + " GROUP BY answer, minute_start";
        Map<String, long[]> answers = new LinkedHashMap<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, TrafficReport.utc(window.start()));
            statement.setObject(2, TrafficReport.utc(window.end()));
            scope.bind(statement, 3);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long[] counts = answers.computeIfAbsent(rows.getString(1), a -> new long[window.minutes()]);
                    counts[window.indexOf(rows.getObject(2, OffsetDateTime.class).toInstant())] = rows.getLong(3);
                }
            }
        } catch (SQLException e) {
            throw new ReportException("GTM decisions per address", e);
        }
        List<AnswerSeries> series = new ArrayList<>();
        answers.forEach((answer, counts) -> series.add(new AnswerSeries(answer, new MinuteSeries(window.start(), counts))));
        series.sort(Comparator.comparingLong((AnswerSeries s) -> s.decisions().total()).reversed()
                .thenComparing(AnswerSeries::answer));
        return series;
    }

    /**
     * Decisions over {@code window} per POP answered, the most first; the customer's own servers (not a
     * POP) are the entry with an empty POP. The counts add up to every decision in the window.
     */
    public List<PopTotal> perPop(Scope scope, Window window) {
        String sql = "SELECT pop, SUM(decisions) AS d FROM dns_minute"
                + " WHERE minute_start >= ? AND minute_start < ?" + scope.where("hostname")
                + " GROUP BY pop ORDER BY d DESC, pop";
        List<PopTotal> pops = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, TrafficReport.utc(window.start()));
            statement.setObject(2, TrafficReport.utc(window.end()));
            scope.bind(statement, 3);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pops.add(new PopTotal(rows.getString(1), 0, rows.getLong(2)));
                }
            }
        } catch (SQLException e) {
            throw new ReportException("GTM decisions per POP", e);
        }
        return pops;
    }
}
