package dev.meridian.console.auth;

import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.PortalConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Portal sessions in the {@code sessions} table, so that every console behind a load balancer knows every
 * session. A session id is 256 random bits that only the browser holds; the table keeps its SHA-256
 * (a leaked table logs nobody in). A session ends at logout, after {@code idleTimeout} unused, or
 * {@code absoluteTimeout} after login, whichever comes first. Blocking JDBC: worker threads only.
 */
public final class SessionStore {
    private static final int ID_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** A session's last use is written at most this often (a page view is not a database write each time). */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final DataSource db;
    private final Clock clock;
    private final Supplier<PortalConfig> config;
    private final SecureRandom random = new SecureRandom();

    public SessionStore(DataSource db, Clock clock, Supplier<PortalConfig> config) {
        this.db = db;
        this.clock = clock;
        this.config = config;
    }

    /**
     * A session as found for a request.
     *
     * @param idHash the stored hash of the session's id
     * @param viewer who is looking, with the session's CSRF token and (for an operator) chosen customer
     */
    public record Active(String idHash, long userId, Viewer viewer) {
    }

    /** A new session for {@code user}; returns the id for the cookie (never stored as such). */
    public String create(User user) {
        String id = randomToken();
        Instant now = clock.instant();
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO sessions (id_hash, user_id, csrf_token, customer, created, "
                     + "last_seen) VALUES (?, ?, ?, NULL, ?, ?)")) {
            insert.setString(1, hash(id));
            insert.setLong(2, user.id());
            insert.setString(3, randomToken());
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a session", e);
        }
        return id;
    }

    /** The live session of this cookie value, its use recorded; empty when unknown, expired, or its user disabled. */
    public Optional<Active> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return Optional.empty();
        }
        String idHash = hash(id);
        Instant now = clock.instant();
        try (Connection c = db.getConnection()) {
            Instant created;
            Instant lastSeen;
            Active active;
            try (PreparedStatement select = c.prepareStatement("SELECT s.user_id, s.csrf_token, s.customer AS chosen, s.created, "
                    + "s.last_seen, u.login, u.role, u.customer, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
                    + "WHERE s.id_hash = ?")) {
                select.setString(1, idHash);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    created = rs.getTimestamp("created").toInstant();
                    lastSeen = rs.getTimestamp("last_seen").toInstant();
                    if (rs.getBoolean("disabled")) {
                        return Optional.empty();
                    }
                    Viewer.Role role = Viewer.Role.valueOf(rs.getString("role"));
                    String customer = role == Viewer.Role.OPERATOR ? rs.getString("chosen") : rs.getString("customer");
                    active = new Active(idHash, rs.getLong("user_id"),
                            new Viewer(rs.getString("login"), role, customer, rs.getString("csrf_token")));
                }
            }
            PortalConfig portal = config.get();
            if (!now.isBefore(lastSeen.plus(portal.idleTimeout())) || !now.isBefore(created.plus(portal.absoluteTimeout()))) {
                delete(c, idHash);
                return Optional.empty();
            }
            if (!now.isBefore(lastSeen.plus(TOUCH_EVERY))) {
                try (PreparedStatement touch = c.prepareStatement("UPDATE sessions SET last_seen = ? WHERE id_hash = ?")) {
                    touch.setTimestamp(1, Timestamp.from(now));
                    touch.setString(2, idHash);
                    touch.executeUpdate();
                }
            }
            return Optional.of(active);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read a session", e);
        }
    }

    /** Ends a session (logout). */
    public void delete(String idHash) {
        try (Connection c = db.getConnection()) {
            delete(c, idHash);
        } catch (SQLException e) {
            throw new IllegalStateException("could not end a session", e);
        }
    }

    /** An operator's choice of customer to look at; null for every customer. */
    public void chooseCustomer(String idHash, String customer) {
        try (Connection c = db.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE sessions SET customer = ? WHERE id_hash = ?")) {
            update.setString(1, customer);
            update.setString(2, idHash);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update a session", e);
        }
    }

    /** Deletes every session past either timeout; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        PortalConfig portal = config.get();
        try (Connection c = db.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM sessions WHERE last_seen <= ? OR created <= ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(portal.idleTimeout())));
            delete.setTimestamp(2, Timestamp.from(now.minus(portal.absoluteTimeout())));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete expired sessions", e);
        }
    }

    /** The stored form of a session id: SHA-256, hex. */
    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static void delete(Connection c, String idHash) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM sessions WHERE id_hash = ?")) {
            delete.setString(1, idHash);
            delete.executeUpdate();
        }
    }
}
