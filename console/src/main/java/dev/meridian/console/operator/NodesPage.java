package dev.meridian.console.operator;

import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * {@code GET /operator/nodes}: every node that reported (the {@code nodes} table) and every configured node
 * that never did, with its last report, what waits in its spool and what it had to drop.
 */
public final class NodesPage implements HttpHandler {
    private final ConfigHolder config;
    private final DataSource db;
    private final Clock clock;

    public NodesPage(ConfigHolder config, DataSource db, Clock clock) {
        this.config = config;
        this.db = db;
        this.clock = clock;
    }

    /**
     * One node's line.
     *
     * @param configured whether the config still lists it (a node removed from it can no longer report)
     * @param lastReport when its last batch arrived, or null if none ever did
     * @param ago        how long ago that was, for reading ("42 s ago"), or "never"
     * @param contact    how long ago it last registered (its health and config version are as of then)
     * @param healthy    whether it said it was serving, or null if it never registered
     * @param configVersion the committed config version it runs (0: the file it was started with)
     */
    public record Row(String id, String role, boolean configured, Instant lastReport, String ago, long spoolBatches,
                      long spoolBytes, long droppedMinutes, String contact, Boolean healthy, long configVersion) {
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws SQLException {
        Viewer viewer = exchange.getAttachment(Viewer.KEY);
        Pages.render(exchange, "operator/nodes.jte", Map.of("viewer", viewer, "rows", rows()));
    }

    List<Row> rows() throws SQLException {
        Instant now = clock.instant();
        Map<String, Row> byId = new TreeMap<>();
        List<ConsoleNodeConfig> configured = config.get().consoleConfig().map(ConsoleConfig::nodes).orElse(List.of());
        try (Connection c = db.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT id, role, last_report, spool_batches, spool_bytes, "
                     + "dropped_minutes, last_contact, healthy, config_version FROM nodes");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("id");
                Timestamp last = rs.getTimestamp("last_report");
                Instant lastReport = last == null ? null : last.toInstant();
                boolean listed = configured.stream().anyMatch(n -> n.id().equals(id));
                Timestamp contact = rs.getTimestamp("last_contact");
                byId.put(id, new Row(id, rs.getString("role").toLowerCase(Locale.ROOT), listed, lastReport,
                        ago(lastReport, now), rs.getLong("spool_batches"), rs.getLong("spool_bytes"), rs.getLong("dropped_minutes"),
                        ago(contact == null ? null : contact.toInstant(), now), (Boolean) rs.getObject("healthy"),
                        rs.getLong("config_version")));
            }
        }
        for (ConsoleNodeConfig n : configured) {
            byId.putIfAbsent(n.id(), new Row(n.id(), n.role().name().toLowerCase(Locale.ROOT), true, null, "never", 0, 0, 0,
                    "never", null, 0));
        }
        return new ArrayList<>(byId.values());
    }

    static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        Duration d = Duration.between(then, now);
        if (d.isNegative() || d.toSeconds() < 120) {
            return Math.max(0, d.toSeconds()) + " s ago";
        }
        if (d.toMinutes() < 120) {
            return d.toMinutes() + " min ago";
        }
        return d.toHours() < 48 ? d.toHours() + " h ago" : d.toDays() + " days ago";
    }
}
