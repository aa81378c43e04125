package dev.meridian.core.config;

import java.time.Duration;

/**
 * The console's SQL database when it is not the embedded default: PostgreSQL in a real deployment.
 *
 * @param url          a JDBC URL ({@code jdbc:postgresql://db.example:5432/meridian}; {@code jdbc:h2:} also works)
 * @param user         the database user
 * @param password     its password (from the environment: {@code "${MERIDIAN_DB_PASSWORD}"})
 * @param poolSize     connections the console keeps open at most
 * @param connectTimeout how long a request waits for a connection before it fails
 */
public record ConsoleDatabaseConfig(String url, String user, String password, Integer poolSize,
                                    Duration connectTimeout) implements Validatable {
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public ConsoleDatabaseConfig {
        poolSize = poolSize == null ? DEFAULT_POOL_SIZE : poolSize;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("url"), url)) {
            errors.check(at.field("url"), url, u -> u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:h2:"),
                    "must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        errors.check(at.field("poolSize"), poolSize, n -> n >= 1 && n <= 200, "must be between 1 and 200");
        errors.check(at.field("connectTimeout"), connectTimeout, d -> d.toMillis() >= 100, "must be at least 100ms");
    }
}
