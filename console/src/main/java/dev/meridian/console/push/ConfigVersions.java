package dev.meridian.console.push;

import dev.meridian.console.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Every config version the console was asked to push, in the database: who, when, the diff to the
 * committed version before it, how the push ended and each node's votes. The single {@code config_head}
 * row decides races: a push starts only by taking it ({@link #begin}) and commits only while it still
 * holds it ({@link #commit}), so two consoles pushing at once never both commit.
 */
public final class ConfigVersions {
    /** A push under way longer than this is taken to be abandoned (its console died) and may be overtaken. */
    static final Duration ABANDONED = Duration.ofMinutes(2);

    private final Database database;

    public ConfigVersions(Database database) {
        this.database = database;
    }

    /** How a push ended, or that it has not. */
    public enum State { PUSHING, COMMITTED, ABORTED }

    /** Phase of a vote. */
    public enum Phase { PREPARE, COMMIT }

    /** One version's record. */
    public record Version(long version, String author, Instant createdAt, State state, String reason, String yaml,
                          String diff) {
    }

    /** One node's answer in one phase. */
    public record Vote(String node, Phase phase, boolean accepted, String message, long latencyMs) {
    }

    /** Another push holds the head. */
    public static final class PushInProgress extends Exception {
        private static final long serialVersionUID = 1L;

        PushInProgress(String message) {
            super(message);
        }
    }

    /** The committed version, if any was ever committed. */
    public Optional<Version> committed() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT committed_version FROM config_head WHERE id = 1");
             ResultSet r = s.executeQuery()) {
            long version = r.next() ? r.getLong(1) : 0;
            return version == 0 ? Optional.empty() : get(c, version);
        }
    }

    /** The committed version number; 0 when none. */
    public long committedVersion() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT committed_version FROM config_head WHERE id = 1");
             ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /**
     * Takes the head for a new version of {@code yaml} and records it as being pushed.
     *
     * @throws PushInProgress when another push (from this console or another) holds the head
     */
    public long begin(String yaml, String author, Instant now) throws SQLException, PushInProgress {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long next;
                try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM config_versions");
                     ResultSet r = s.executeQuery()) {
                    r.next();
                    next = r.getLong(1);
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE config_head SET pushing_version = ?, pushing_since = ?"
                        + " WHERE id = 1 AND (pushing_version IS NULL OR pushing_since < ?)")) {
                    s.setLong(1, next);
                    s.setObject(2, utc(now));
                    s.setObject(3, utc(now.minus(ABANDONED)));
                    if (s.executeUpdate() != 1) {
                        c.rollback();
                        throw new PushInProgress(pushing(c));
                    }
                }
                String before = committedYaml(c);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO config_versions (version, yaml, sha256, author,"
                        + " created_at, diff, state) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    s.setLong(1, next);
                    s.setString(2, yaml);
                    s.setString(3, sha256(yaml));
                    s.setString(4, author);
                    s.setObject(5, utc(now));
                    s.setString(6, String.join("\n", LineDiff.between(before, yaml)));
                    s.setString(7, State.PUSHING.name());
                    s.executeUpdate();
                }
                c.commit();
                return next;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Commits {@code version} if its push still holds the head; whether it did. */
    public boolean commit(long version, Instant now) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                int taken;
                try (PreparedStatement s = c.prepareStatement("UPDATE config_head SET committed_version = ?,"
                        + " pushing_version = NULL, pushing_since = NULL WHERE id = 1 AND pushing_version = ?")) {
                    s.setLong(1, version);
                    s.setLong(2, version);
                    taken = s.executeUpdate();
                }
                if (taken == 1) {
                    finish(c, version, State.COMMITTED, null, now);
                }
                c.commit();
                return taken == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Records that {@code version} was aborted and why, and frees the head if it still holds it. */
    public void abort(long version, String reason, Instant now) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("UPDATE config_head SET pushing_version = NULL,"
                        + " pushing_since = NULL WHERE id = 1 AND pushing_version = ?")) {
                    s.setLong(1, version);
                    s.executeUpdate();
                }
                finish(c, version, State.ABORTED, reason, now);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public void recordVotes(long version, List<Vote> votes) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO config_votes (version, node, phase, accepted, message,"
                     + " latency_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Vote v : votes) {
                s.setLong(1, version);
                s.setString(2, v.node());
                s.setString(3, v.phase().name());
                s.setBoolean(4, v.accepted());
                s.setString(5, v.message());
                s.setInt(6, (int) Math.min(Integer.MAX_VALUE, v.latencyMs()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The newest {@code limit} versions, newest first (without their text). */
    public List<Version> recent(int limit) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT version, author, created_at, state, reason FROM"
                     + " config_versions ORDER BY version DESC LIMIT ?")) {
            s.setInt(1, limit);
            List<Version> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Version(r.getLong(1), r.getString(2), r.getObject(3, OffsetDateTime.class).toInstant(),
                            State.valueOf(r.getString(4)), r.getString(5), null, null));
                }
            }
            return out;
        }
    }

    public Optional<Version> get(long version) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            return get(c, version);
        }
    }

    public List<Vote> votes(long version) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT node, phase, accepted, message, latency_ms FROM config_votes"
                     + " WHERE version = ? ORDER BY phase DESC, node")) {
            s.setLong(1, version);
            List<Vote> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Vote(r.getString(1), Phase.valueOf(r.getString(2)), r.getBoolean(3), r.getString(4),
                            r.getLong(5)));
                }
            }
            return out;
        }
    }

    private static Optional<Version> get(Connection c, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version, author, created_at, state, reason, yaml, diff"
                + " FROM config_versions WHERE version = ?")) {
            s.setLong(1, version);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Version(r.getLong(1), r.getString(2),
                        r.getObject(3, OffsetDateTime.class).toInstant(), State.valueOf(r.getString(4)), r.getString(5),
                        r.getString(6), r.getString(7)));
            }
        }
    }

    private static String committedYaml(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT v.yaml FROM config_head h JOIN config_versions v"
                + " ON v.version = h.committed_version WHERE h.id = 1");
             ResultSet r = s.executeQuery()) {
            return r.next() ? r.getString(1) : "";
        }
    }

    private static String pushing(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pushing_version, pushing_since FROM config_head WHERE id = 1");
             ResultSet r = s.executeQuery()) {
            return r.next() ? "version " + r.getLong(1) + " is being pushed (since "
                    + r.getObject(2, OffsetDateTime.class) + "); try again when it has ended" : "another push is under way";
        }
    }

    private static void finish(Connection c, long version, State state, String reason, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE config_versions SET state = ?, reason = ?, finished_at = ?"
                + " WHERE version = ?")) {
            s.setString(1, state.name());
            s.setString(2, reason);
            s.setObject(3, utc(now));
            s.setLong(4, version);
            s.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
