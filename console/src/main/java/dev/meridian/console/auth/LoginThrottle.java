package dev.meridian.console.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Slows password guessing, per login name and per client address, in the database so that every console
 * counts the same failures (see {@link FailedLogins} for the rule). Unknown login names are counted like
 * known ones: the answers never tell which names exist. Blocking JDBC: worker threads only.
 */
public final class LoginThrottle {
    /** Failures of one login name before it is slowed down. */
    static final int FREE_PER_LOGIN = 5;
    /** Failures from one address before it is slowed down (higher: an office shares one address). */
    static final int FREE_PER_ADDRESS = 20;
    private static final int MAX_LOGIN_KEY = 64;
    private static final String DUPLICATE_KEY = "23505";

    private final DataSource db;
    private final Clock clock;

    public LoginThrottle(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** How long attempts for {@code login} from {@code address} are still refused; zero when they are not. */
    public Duration blockedFor(String login, String address) {
        Instant now = clock.instant();
        try (Connection c = db.getConnection()) {
            Duration byLogin = read(c, loginKey(login), false).remaining(now);
            Duration byAddress = read(c, addressKey(address), false).remaining(now);
            return byLogin.compareTo(byAddress) >= 0 ? byLogin : byAddress;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read login failures", e);
        }
    }

    /** Counts a failed attempt against both the login name and the address. */
    public void failed(String login, String address) {
        record(loginKey(login), FREE_PER_LOGIN);
        record(addressKey(address), FREE_PER_ADDRESS);
    }

    /** A login succeeded: its name starts afresh (the address does not: one good account must not reset a guesser). */
    public void succeeded(String login) {
        try (Connection c = db.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM login_failures WHERE subject = ?")) {
            delete.setString(1, loginKey(login));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not clear login failures", e);
        }
    }

    /** Deletes records that no longer count; returns how many. */
    public int forgetOld() {
        Instant now = clock.instant();
        try (Connection c = db.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM login_failures WHERE last_failure <= ? "
                     + "AND (blocked_until IS NULL OR blocked_until <= ?)")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(FailedLogins.FORGET_AFTER)));
            delete.setTimestamp(2, Timestamp.from(now));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete old login failures", e);
        }
    }

    static String loginKey(String login) {
        String name = Users.normalize(login);
        return "user:" + (name.length() > MAX_LOGIN_KEY ? name.substring(0, MAX_LOGIN_KEY) : name);
    }

    static String addressKey(String address) {
        return "address:" + address.toLowerCase(Locale.ROOT);
    }

    /** Read, decide, write in one transaction; a row another console inserted meanwhile means one more go. */
    private void record(String subject, int free) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    FailedLogins previous = read(c, subject, true);
                    FailedLogins next = FailedLogins.next(previous.last() == null ? null : previous, clock.instant(), free);
                    write(c, subject, next, previous.last() != null);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (attempt > 0 || !DUPLICATE_KEY.equals(e.getSQLState())) {
                        throw e;
                    }
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not record a login failure", e);
            }
        }
    }

    /** The subject's record, or one with no failures ({@code last} null). */
    private static FailedLogins read(Connection c, String subject, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT failures, last_failure, blocked_until FROM login_failures "
                + "WHERE subject = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, subject);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return new FailedLogins(0, null, null);
                }
                Timestamp blocked = rs.getTimestamp("blocked_until");
                return new FailedLogins(rs.getInt("failures"), rs.getTimestamp("last_failure").toInstant(),
                        blocked == null ? null : blocked.toInstant());
            }
        }
    }

    private static void write(Connection c, String subject, FailedLogins f, boolean exists) throws SQLException {
        String sql = exists ? "UPDATE login_failures SET failures = ?, last_failure = ?, blocked_until = ? WHERE subject = ?"
                : "INSERT INTO login_failures (failures, last_failure, blocked_until, subject) VALUES (?, ?, ?, ?)";
        try (PreparedStatement write = c.prepareStatement(sql)) {
            write.setInt(1, f.count());
            write.setTimestamp(2, Timestamp.from(f.last()));
            write.setTimestamp(3, f.blockedUntil() == null ? null : Timestamp.from(f.blockedUntil()));
            write.setString(4, subject);
            write.executeUpdate();
        }
    }
}
