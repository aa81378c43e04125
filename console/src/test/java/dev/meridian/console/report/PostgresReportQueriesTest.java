package dev.meridian.console.report;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The same report queries on a real PostgreSQL, what a multi-host deployment runs. */
class PostgresReportQueriesTest extends ReportQueriesContract {
    @TempDir
    Path dir;
    private Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.open(Database.Kind.POSTGRESQL, dir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    Database database() {
        return database;
    }
}
