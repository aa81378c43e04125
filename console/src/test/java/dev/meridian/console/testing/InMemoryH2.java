package dev.meridian.console.testing;

import dev.meridian.console.db.Database;
import dev.meridian.core.config.ConsoleDatabaseConfig;
import java.util.UUID;

/** A migrated console database in memory, in the same H2 mode as the embedded default; each call a new one. */
public final class InMemoryH2 {
    private InMemoryH2() {
    }

    public static Database open() {
        String name = "console-" + UUID.randomUUID();
        return Database.open(new ConsoleDatabaseConfig("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 4, null));
    }
}
