package dev.meridian.console.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server of its own for tests and benchmarks: Debian's {@code postgresql} binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, the newest; {@code MERIDIAN_PG_BIN} names another), a
 * cluster made by initdb in a temporary directory, listening on a free port on 127.0.0.1 only, with
 * trust authentication for the superuser {@code postgres}. PostgreSQL refuses to run as root, and tests
 * run as root here: then every command runs as the unprivileged {@code postgres} user the package
 * creates. {@link #close()} stops it by its data directory (pg_ctl, and the postmaster's PID if that
 * fails) and deletes the directory; a JVM that exits without closing it stops it from a shutdown hook.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String SUPERUSER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path binDir;
    private final Path home;
    private final int port;
    private final boolean asPostgresUser;
    private final Thread stopAtExit;
    private volatile boolean stopped;

    private PostgresServer(Path binDir, Path home, int port, boolean asPostgresUser) {
        this.binDir = binDir;
        this.home = home;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.stopAtExit = new Thread(this::stopQuietly, "postgres-stop-" + port);
    }

    /** How the server trades safety for speed. */
    public enum Durability {
        /** fsync off: a crash of the machine may lose data; what tests want. */
        TEST,
        /** PostgreSQL's defaults (fsync, synchronous commit): what a benchmark must measure. */
        DEFAULT
    }

    /**
     * Starts a server for tests, or, where PostgreSQL is not installed, fails under {@code CI=true} and
     * aborts the test (an assumption failure that names the missing package) elsewhere.
     */
    public static PostgresServer startOrSkip() {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String message = "PostgreSQL is not installed (apt-get install postgresql; or set MERIDIAN_PG_BIN to the"
                    + " directory holding initdb and pg_ctl): the tests against PostgreSQL cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + ", and CI=true does not allow skipping them");
            }
            Assumptions.abort(message);
        }
        return start(bin.get(), Durability.TEST);
    }

    /** Starts a server from the given binaries. */
    public static PostgresServer start(Path binDir, Durability durability) {
        boolean root = "root".equals(System.getProperty("user.name"));
        IllegalStateException last = null;
        // A free port may be taken between finding it and the server binding it: try another.
        for (int attempt = 0; attempt < 3; attempt++) {
            PostgresServer server = new PostgresServer(binDir, newHome(root), freePort(), root);
            try {
                server.initAndStart(durability);
                Runtime.getRuntime().addShutdownHook(server.stopAtExit);
                server.createDatabase("meridian");
                return server;
            } catch (IllegalStateException e) {
                last = e;
                server.close();
            }
        }
        throw last;
    }

    private static Path newHome(boolean root) {
        try {
            // Not under a test's @TempDir: the postgres user must be able to reach it, and /tmp is world-traversable.
            Path home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "meridian-pg-");
            if (root) {
                UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(home, users.lookupPrincipalByName(SUPERUSER));
            }
            return home;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a directory for PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The newest of Debian's PostgreSQL installations, or the one MERIDIAN_PG_BIN names. */
    public static Optional<Path> binaries() {
        String configured = System.getenv("MERIDIAN_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(PostgresServer::hasServer);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin")).filter(PostgresServer::hasServer)
                    .max(Comparator.comparing(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void initAndStart(Durability durability) {
        run(Duration.ofSeconds(120), binDir.resolve("initdb").toString(), "-D", dataDir().toString(), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync");
        String options = "-p " + port + " -h 127.0.0.1 -k " + home
                + (durability == Durability.TEST ? " -F -c synchronous_commit=off -c full_page_writes=off" : "");
        run(START_TIMEOUT.plusSeconds(10), binDir.resolve("pg_ctl").toString(), "start", "-D", dataDir().toString(), "-w",
                "-t", Long.toString(START_TIMEOUT.toSeconds()), "-l", home.resolve("server.log").toString(), "-o", options);
    }

    /** Creates an empty database and returns its JDBC URL: one per test keeps tests apart on one server. */
    public String createDatabase() {
        String name = "test_" + DATABASES.incrementAndGet();
        createDatabase(name);
        return jdbcUrl(name);
    }

    private void createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The URL of the database {@code meridian} made at start. */
    public String jdbcUrl() {
        return jdbcUrl("meridian");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    public int port() {
        return port;
    }

    /** The postmaster's process id (the first line of postmaster.pid): for a benchmark's CPU accounting. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir().resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no postmaster.pid in " + dataDir(), e);
        }
    }

    /** The server's log: where to look when a test fails on PostgreSQL's side. */
    public Path log() {
        return home.resolve("server.log");
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // Already in the hook's own run.
        }
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(dataDir().resolve("postmaster.pid"))) {
                run(Duration.ofSeconds(30), binDir.resolve("pg_ctl").toString(), "stop", "-D", dataDir().toString(),
                        "-m", "immediate", "-w");
            }
        } catch (IllegalStateException e) {
            killPostmaster();
        }
        deleteTree(home);
    }

    /** pg_ctl could not stop it: the postmaster's PID is the first line of postmaster.pid. */
    private void killPostmaster() {
        try {
            ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
        } catch (RuntimeException e) {
            System.err.println("PostgresServer: cannot stop the server in " + home + ": " + e);
        }
    }

    private void run(Duration timeout, String... command) {
        List<String> argv = new ArrayList<>();
        if (asPostgresUser) {
            argv.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        argv.addAll(List.of(command));
        try {
            Path output = Files.createTempFile("meridian-pg-cmd-", ".log");
            try {
                Process p = new ProcessBuilder(argv).directory(home.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", argv) + " did not finish within " + timeout);
                }
                if (p.exitValue() != 0) {
                    String serverLog = Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
                    throw new IllegalStateException(String.join(" ", argv) + " failed (exit " + p.exitValue() + "):\n"
                            + Files.readString(output, StandardCharsets.UTF_8) + serverLog);
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv.get(0), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("PostgresServer: cannot delete " + root + ": " + e);
        }
    }
}
