package dev.meridian.console.testing;

import dev.meridian.console.db.Database;
import dev.meridian.core.config.ConsoleDatabaseConfig;
import java.util.UUID;

/** A fresh, migrated in-memory H2 in the embedded default's mode, for one test. */
public final class H2Databases {
    private H2Databases() {
    }

    public static Database fresh() {
        return Database.open(new ConsoleDatabaseConfig("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 4, null));
    }
}
