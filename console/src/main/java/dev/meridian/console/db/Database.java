package dev.meridian.console.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleDatabaseConfig;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The console's system of record: a pooled data source over embedded H2 (the default, a file under the
 * console's state directory) or PostgreSQL (a configured JDBC URL), with the schema brought to the
 * newest migration in {@code db/migration} before anything else touches it. The same migrations and
 * queries run on both; where they cannot, {@link #kind()} says which one this is.
 */
public final class Database implements AutoCloseable {
    /** Which engine is behind the URL. */
    public enum Kind { H2, POSTGRESQL }

    private final HikariDataSource pool;
    private final Kind kind;

    private Database(HikariDataSource pool, Kind kind) {
        this.pool = pool;
        this.kind = kind;
    }

    /** Opens the console's database and migrates it; fails (and holds nothing open) if either cannot be done. */
    public static Database open(ConsoleConfig console) {
        ConsoleDatabaseConfig configured = console.database();
        return configured != null ? open(configured) : open(embedded(console.stateDir()));
    }

    public static Database open(ConsoleDatabaseConfig configured) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(configured.url());
        hikari.setUsername(configured.user());
        hikari.setPassword(configured.password());
        hikari.setMaximumPoolSize(configured.poolSize());
        hikari.setConnectionTimeout(configured.connectTimeout().toMillis());
        hikari.setPoolName("console-db");
        Kind kind = configured.url().startsWith("jdbc:postgresql:") ? Kind.POSTGRESQL : Kind.H2;
        if (kind == Kind.POSTGRESQL) {
            // A JDBC batch of inserts (a purge's acks, a config version's votes) goes as multi-row INSERTs.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            // db/postgresql holds what only PostgreSQL has (storage parameters); one sequence of versions runs
            // through both locations, so a version used in one is never used in the other.
            String[] locations = kind == Kind.POSTGRESQL
                    ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                    : new String[] {"classpath:db/migration"};
            Flyway.configure().dataSource(pool).locations(locations).load().migrate();
            return new Database(pool, kind);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The embedded default: H2 in PostgreSQL mode (so the one set of queries means the same on both),
     * in a file under the state directory, opened by this process alone. WRITE_DELAY=0 writes every
     * commit to the file before the commit returns (H2 otherwise keeps the last half second in memory):
     * a batch the console has acknowledged must survive the console being killed.
     */
    public static ConsoleDatabaseConfig embedded(Path stateDir) {
        String file = stateDir.toAbsolutePath().resolve("console").toString();
        return new ConsoleDatabaseConfig("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0", "sa", "", null, null);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public void close() {
        pool.close();
    }
}
