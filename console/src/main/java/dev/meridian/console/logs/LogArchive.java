package dev.meridian.console.logs;

import dev.meridian.console.web.Viewer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored access log files, for the portal's Logs page and the JSON API: what a viewer may list and
 * download. Every call is scoped: a customer user sees their own customer's files only, and a name
 * asked for under another customer, or one that is not a log file name at all, is simply not there.
 * Calls block on the database and the disk: page handlers run them on a worker thread.
 */
public final class LogArchive {
    /** At most this many files in one listing (newest first): a page, not the archive. */
    public static final int MAX_LISTED = 1000;

    private final LogStore store;
    private final LogFilesTable table;

    LogArchive(LogStore store, LogFilesTable table) {
        this.store = store;
        this.table = table;
    }

    /** A stored file and where to read it. */
    public record StoredLog(LogFile file, Path path) {
        /** The gzip bytes, as uploaded. */
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /**
     * The viewer's files with requests in {@code [from, to)}, newest first: a customer user's own, an
     * operator's chosen customer's, or every customer's for an operator who chose none.
     */
    public List<LogFile> list(Viewer viewer, Instant from, Instant to) {
        if (!viewer.operator() && viewer.customer() == null) {
            return List.of();
        }
        return list(viewer.customer(), from, to);
    }

    /** {@code customer}'s files (null: everyone's) with requests in {@code [from, to)}, newest first. */
    public List<LogFile> list(String customer, Instant from, Instant to) {
        try {
            return table.list(customer, from, to, MAX_LISTED);
        } catch (SQLException e) {
            throw new LogArchiveException("cannot list access log files", e);
        }
    }

    /** {@code customer}'s file {@code name}, if the viewer may see that customer's files and it is stored. */
    public Optional<StoredLog> open(Viewer viewer, String customer, String name) {
        if (customer == null || !viewer.mayView(customer)) {
            return Optional.empty();
        }
        return open(customer, name);
    }

    /** {@code customer}'s file {@code name}, if stored; empty for any name that is not a log file's. */
    public Optional<StoredLog> open(String customer, String name) {
        Optional<Path> path = store.path(customer, name);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return table.find(customer, name).filter(f -> Files.isRegularFile(path.get()))
                    .map(f -> new StoredLog(f, path.get()));
        } catch (SQLException e) {
            throw new LogArchiveException("cannot look up access log file " + customer + "/" + name, e);
        }
    }

    /** The archive's database could not answer. */
    public static final class LogArchiveException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LogArchiveException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
