package dev.meridian.console.report;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.H2Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The report queries on embedded H2 in PostgreSQL mode, the console's default. */
class H2ReportQueriesTest extends ReportQueriesContract {
    private Database database;

    @BeforeEach
    void open() {
        database = H2Databases.fresh();
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
