package dev.meridian.console.testing;

import dev.meridian.console.db.Database;
import dev.meridian.core.config.ConsoleDatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fresh, migrated console database on either engine, for tests parameterized over both
 * ({@code @ParameterizedTest @EnumSource(Database.Kind.class)}): H2 in a file under the test's
 * directory, or a new database on one PostgreSQL server the test JVM shares (started on first use,
 * stopped when the JVM exits), so a test pays for initdb once and tests still never see each other's rows.
 */
public final class TestDatabases {
    private static PostgresServer shared;

    private TestDatabases() {
    }

    /** Opens a new, empty, migrated database of this kind. */
    public static Database open(Database.Kind kind, Path dir) {
        return Database.open(config(kind, dir));
    }

    /** The config of a new, empty database of this kind (not yet migrated). */
    public static ConsoleDatabaseConfig config(Database.Kind kind, Path dir) {
        return switch (kind) {
            case H2 -> Database.embedded(dir);
            case POSTGRESQL -> {
                PostgresServer server = postgres();
                yield new ConsoleDatabaseConfig(server.createDatabase(), server.user(), "", 4, Duration.ofSeconds(10));
            }
        };
    }

    /** The JVM's shared server: fails under CI and aborts the test elsewhere when PostgreSQL is missing. */
    public static synchronized PostgresServer postgres() {
        if (shared == null) {
            // Closed by its shutdown hook when the test JVM exits.
            shared = PostgresServer.startOrSkip();
        }
        return shared;
    }
}
