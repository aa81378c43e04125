import dev.meridian.console.db.Database;
import dev.meridian.console.testing.PostgresServer;
import dev.meridian.console.usage.BatchValidator;
import dev.meridian.console.usage.UsageOwners;
import dev.meridian.console.usage.UsageStore;
import dev.meridian.console.usage.ValidBatch;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleDatabaseConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Per-minute rollup rows per second into the console's database, as the ingest path writes them:
 * validation, rollup, and one transaction per batch (batch id, minute rows, the hour rows they add to,
 * the node's row). {@code NODES} edges ship concurrently, each {@code BATCHES} batches of
 * {@code PROPERTIES} properties x 1 minute (what an edge ships per minute), into a fresh database per
 * round. Prints one ROUND line per round; the script takes the medians.
 *
 *   java -cp ... perf/console/IngestBench.java <h2|postgresql|both> <rounds> <properties> <batches> <nodes>
 */
public class IngestBench {
    public static void main(String[] args) throws Exception {
        String which = args[0];
        int rounds = Integer.parseInt(args[1]);
        int properties = Integer.parseInt(args[2]);
        int batches = Integer.parseInt(args[3]);
        int nodes = Integer.parseInt(args[4]);
        Path dir = Files.createTempDirectory("meridian-ingest-bench-");
        MeridianConfig config = config(properties, nodes, dir);
        PostgresServer postgres = null;
        try {
            if (!which.equals("h2")) {
                Path bin = PostgresServer.binaries().orElseThrow(() -> new IllegalStateException(
                        "PostgreSQL is not installed: apt-get install postgresql"));
                // PostgreSQL's defaults (fsync, synchronous commit): what a deployment runs.
                postgres = PostgresServer.start(bin, PostgresServer.Durability.DEFAULT);
            }
            // Round 0 warms the JIT up on both databases and is not counted (printed as WARMUP).
            for (int round = 0; round <= rounds; round++) {
                if (!which.equals("postgresql")) {
                    run("h2", Database.embedded(dir.resolve("h2-" + round)), config, properties, batches, nodes, round, -1);
                }
                if (postgres != null) {
                    run("postgresql", new ConsoleDatabaseConfig(postgres.createDatabase(), postgres.user(), "", nodes + 1,
                            Duration.ofSeconds(10)), config, properties, batches, nodes, round, postgres.pid());
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(String kind, ConsoleDatabaseConfig db, MeridianConfig config, int properties, int batches,
                            int nodes, int round, long serverPid) throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(1));
        Clock clock = Clock.systemUTC();
        BatchValidator validator = new BatchValidator(clock);
        UsageOwners owners = UsageOwners.of(config);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try (Database database = Database.open(db)) {
            UsageStore store = new UsageStore(database, clock);
            // A warm-up batch per node (JIT, pool, statements), not counted.
            for (int n = 0; n < nodes; n++) {
                ship(store, validator, owners, config, "e" + n, "warm", start.minus(Duration.ofHours(2)), properties);
            }
            long began = System.nanoTime();
            double cpuBefore = cpuSeconds(serverPid);
            List<Future<Long>> shipping = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                String node = "e" + n;
                shipping.add(pool.submit(() -> {
                    long rows = 0;
                    for (int b = 0; b < batches; b++) {
                        rows += ship(store, validator, owners, config, node, Integer.toString(b),
                                start.plus(Duration.ofMinutes(b)), properties);
                    }
                    return rows;
                }));
            }
            long rows = 0;
            for (Future<Long> f : shipping) {
                rows += f.get();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            double cpu = cpuSeconds(serverPid) - cpuBefore;
            System.out.printf("%s %d db=%s rows=%d seconds=%.3f rows_per_s=%.0f cpu_s=%.3f rows_per_cpu_s=%.0f%n",
                    round == 0 ? "WARMUP" : "ROUND", round,
                    kind, rows, seconds, rows / seconds, cpu, rows / cpu);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * CPU seconds used so far by this JVM and, when {@code serverPid} is not -1, by the PostgreSQL server
     * (the postmaster and its children: the backends serving this run). On a shared machine wall time
     * says how busy the others were; CPU time says what the ingest costs.
     */
    private static double cpuSeconds(long serverPid) throws Exception {
        double seconds = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        if (serverPid < 0) {
            return seconds;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                // After the command's closing parenthesis: state ppid ... utime(14) stime(15), in clock ticks.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == serverPid || Long.parseLong(f[1]) == serverPid) {
                    seconds += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                }
            }
        }
        return seconds;
    }

    private static long ship(UsageStore store, BatchValidator validator, UsageOwners owners, MeridianConfig config,
                             String node, String seq, Instant minute, int properties) throws Exception {
        List<EdgeMinute> rows = new ArrayList<>(properties);
        for (int p = 0; p < properties; p++) {
            long r = 100 + p;
            rows.add(new EdgeMinute(minute, "p" + p + ".cdn.test", node, r, r * 1500, r * 100, r - 10, 5, 1, 1, 1, 1, 1,
                    r - 5, 3, 1, 1, 2, 4000, 100_000));
        }
        UsageBatch batch = new UsageBatch(node + "-" + seq, node, Instant.now(), new SpoolStatus(1, 0, 0), rows, List.of());
        ConsoleNodeConfig sender = config.consoleConfig().orElseThrow().node(node).orElseThrow();
        ValidBatch valid = validator.validate(batch, sender, owners, Duration.ofDays(35));
        return store.ingest(valid).rows();
    }

    private static MeridianConfig config(int properties, int nodes, Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("pops:\n");
        for (int n = 0; n < nodes; n++) {
            yaml.append("  - id: e").append(n).append("\n    edge: { http: \"127.0.0.1:0\", admin: \"127.0.0.1:0\" }\n");
        }
        yaml.append("customers:\n");
        for (int c = 0; c < 10; c++) {
            yaml.append("  - id: c").append(c).append("\n    properties:\n");
            for (int p = c; p < properties; p += 10) {
                yaml.append("      - host: p").append(p).append(".cdn.test\n        origins: [ { host: o").append(p)
                        .append(".test, url: \"http://127.0.0.1:9\" } ]\n");
            }
        }
        yaml.append("console:\n  stateDir: \"").append(dir).append("\"\n  nodes:\n");
        for (int n = 0; n < nodes; n++) {
            yaml.append("    - { id: e").append(n).append(", role: edge, token: bench-node-token-000000").append(n)
                    .append(" }\n");
        }
        return new ConfigLoader(name -> null).loadYaml("bench.yaml", yaml.toString());
    }
}
