package dev.meridian.console.auth;

import dev.meridian.console.web.Viewer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The {@code users} table: portal logins, customer users and operators. Logins are case-insensitive
 * (stored lower-case). Blocking JDBC: call from worker threads only.
 */
public final class Users {
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    private static final String COLUMNS = "id, login, role, customer, password_hash, created, disabled";

    private final DataSource db;
    private final Clock clock;

    public Users(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The stored form of a login name: lower-case, as users type it in any case. */
    public static String normalize(String login) {
        return login == null ? "" : login.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code login} (normalized) is one a user may have: letters, digits and {@code . _ @ -}, up to 64. */
    public static boolean isValidLogin(String login) {
        return LOGIN.matcher(login).matches();
    }

    /**
     * Creates a user.
     *
     * @param customer the customer of a customer user; must be null for an operator
     * @throws IllegalArgumentException for an invalid login, a role/customer mismatch, or a login already taken
     */
    public User add(String login, Viewer.Role role, String customer, String passwordHash) {
        String name = normalize(login);
        if (!isValidLogin(name)) {
            throw new IllegalArgumentException("a login is letters, digits and . _ @ - (up to 64), starting with a letter or digit: "
                    + login);
        }
        if ((role == Viewer.Role.CUSTOMER) != (customer != null)) {
            throw new IllegalArgumentException(role == Viewer.Role.CUSTOMER ? "a customer user needs a customer"
                    : "an operator belongs to no customer");
        }
        if (find(name).isPresent()) {
            throw new IllegalArgumentException("login " + name + " is taken");
        }
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO users (login, role, customer, password_hash, created, disabled) VALUES (?, ?, ?, ?, ?, FALSE)")) {
            insert.setString(1, name);
            insert.setString(2, role.name());
            insert.setString(3, customer);
            insert.setString(4, passwordHash);
            insert.setTimestamp(5, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not add user " + name + ": " + e.getMessage(), e);
        }
        return find(name).orElseThrow();
    }

    /** The user of this login (any case), disabled or not. */
    public Optional<User> find(String login) {
        String name = normalize(login);
        if (!isValidLogin(name)) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE login = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read user " + name, e);
        }
    }

    /** Every user, by login. */
    public List<User> list() {
        try (Connection c = db.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY login");
             ResultSet rs = select.executeQuery()) {
            List<User> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list users", e);
        }
    }

    /** Stores a new hash for a user (after a login found the old one made with older parameters). */
    public void updateHash(long userId, String passwordHash) {
        try (Connection c = db.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?")) {
            update.setString(1, passwordHash);
            update.setLong(2, userId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update user " + userId, e);
        }
    }

    static User read(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("login"), Viewer.Role.valueOf(rs.getString("role")),
                rs.getString("customer"), rs.getString("password_hash"), rs.getTimestamp("created").toInstant(),
                rs.getBoolean("disabled"));
    }
}
