package dev.meridian.console.report;

import java.sql.SQLException;

/** A report query failed: the database is unreachable or refused it. Pages answer 500 (503 would invite retries). */
public final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReportException(String what, SQLException cause) {
        super("could not read " + what + ": " + cause.getMessage(), cause);
    }
}
