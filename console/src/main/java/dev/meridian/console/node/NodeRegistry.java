package dev.meridian.console.node;

import dev.meridian.console.db.Database;
import dev.meridian.uplink.wire.NodeRegistration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The nodes as they last introduced themselves: where their admin API is, what they run, when they
 * were last heard from. A push goes to the nodes heard from recently; the operator pages list them all.
 */
public final class NodeRegistry {
    private final Database database;

    public NodeRegistry(Database database) {
        this.database = database;
    }

    /** A node as registered. */
    public record Node(String id, String role, String adminUrl, String softwareVersion, long configVersion,
                       Boolean healthy, Instant lastContact) {
    }

    public void register(NodeRegistration node, Instant now) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("MERGE INTO nodes n USING (VALUES (?, ?, ?, ?, ?, ?, ?))"
                     + " AS v (id, role, admin_url, software_version, config_version, healthy, last_contact) ON n.id = v.id"
                     + " WHEN MATCHED THEN UPDATE SET role = v.role, admin_url = v.admin_url,"
                     + " software_version = v.software_version, config_version = v.config_version, healthy = v.healthy,"
                     + " last_contact = v.last_contact"
                     + " WHEN NOT MATCHED THEN INSERT (id, role, admin_url, software_version, config_version, healthy,"
                     + " last_contact) VALUES (v.id, v.role, v.admin_url, v.software_version, v.config_version, v.healthy,"
                     + " v.last_contact)")) {
            s.setString(1, node.node());
            s.setString(2, node.role().toUpperCase(Locale.ROOT));
            s.setString(3, node.adminUrl());
            s.setString(4, node.softwareVersion());
            s.setLong(5, node.configVersion());
            s.setBoolean(6, node.healthy());
            s.setObject(7, now.atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    /** Nodes heard from since {@code since} that gave an admin URL. */
    public List<Node> contactedSince(Instant since) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, role, admin_url, software_version, config_version,"
                     + " healthy, last_contact FROM nodes WHERE last_contact >= ? AND admin_url IS NOT NULL ORDER BY id")) {
            s.setObject(1, since.atOffset(ZoneOffset.UTC));
            return read(s);
        }
    }

    public List<Node> all() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, role, admin_url, software_version, config_version,"
                     + " healthy, last_contact FROM nodes ORDER BY id")) {
            return read(s);
        }
    }

    private static List<Node> read(PreparedStatement s) throws SQLException {
        List<Node> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                OffsetDateTime last = r.getObject(7, OffsetDateTime.class);
                out.add(new Node(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                        (Boolean) r.getObject(6), last == null ? null : last.toInstant()));
            }
        }
        return out;
    }
}
