package dev.meridian.perf.console;

import dev.meridian.console.db.Database;
import dev.meridian.console.portal.PortalPages;
import dev.meridian.console.web.StaticFiles;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleDatabaseConfig;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Page time of the portal's activity pages on a generated full day (FullDay: by default 1,000
 * properties, 3 POPs, 24 h of per-minute rollups), through real HTTP, one request at a time: p50 and p95
 * per page for a customer, a customer's one property, and an operator looking at every customer.
 * The session layer is stood in for by a wrapper that attaches the viewer named in {@code X-Bench-Viewer}
 * (or the default viewer); logins are not what is measured.
 *
 * <p>{@code --serve} keeps the pages up for a browser (the README's screenshot) instead of measuring.
 * Arguments: {@code [--db h2|JDBC_URL] [--user U] [--password P] [--customers 50] [--per-customer 20]
 * [--samples 100] [--serve] [--viewer c00|operator] [--port 0] [--state-dir DIR]}: with a state directory the
 * embedded database is kept there and reused by the next run (filled only when empty), else it is temporary.
 */
public final class PortalPageTimes {
    private static final String CUSTOMER = "c00";

    private PortalPageTimes() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        FullDay day = new FullDay(Integer.parseInt(options.getOrDefault("customers", "50")),
                Integer.parseInt(options.getOrDefault("per-customer", "20")));
        String db = options.getOrDefault("db", "h2");
        Path kept = options.containsKey("state-dir") ? Path.of(options.get("state-dir")) : null;
        Path stateDir = !db.equals("h2") ? null : kept != null ? Files.createDirectories(kept)
                : Files.createTempDirectory("meridian-page-times");
        // H2 hands back the last result of a query again while no table in it changed: a console's tables
        // change every few seconds as nodes report, this one's never, so that reuse is off here.
        String url = db.equals("h2") ? "jdbc:h2:file:" + stateDir.toAbsolutePath().resolve("console")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;OPTIMIZE_REUSE_RESULTS=FALSE" : db;
        String user = db.equals("h2") ? "sa" : options.get("user");
        String password = db.equals("h2") ? "" : options.get("password");
        try (Database database = Database.open(new ConsoleDatabaseConfig(url, user, password, 8, null))) {
            fillIfEmpty(database, day);
            ConfigHolder config = new ConfigHolder(new ConfigLoader(name -> null).loadYaml("generated", day.configYaml()));
            Viewer fallback = viewer(options.getOrDefault("viewer", CUSTOMER));
            HandlerWrapper sessions = next -> exchange -> {
                String named = exchange.getRequestHeaders().getFirst("X-Bench-Viewer");
                exchange.putAttachment(Viewer.KEY, named == null ? fallback : viewer(named));
                next.handleRequest(exchange);
            };
            RoutingHandler routes = Handlers.routing();
            PortalPages.register(routes, sessions, database, config, Clock.systemUTC());
            routes.get("/static/console.css", StaticFiles.resource("console.css", "text/css; charset=utf-8"));
            // As ConsoleServer sizes it: two I/O threads, workers a little above the pool.
            Undertow server = Undertow.builder().addHttpListener(Integer.parseInt(options.getOrDefault("port", "0")), "127.0.0.1")
                    .setIoThreads(2).setWorkerThreads(10).setHandler(routes).build();
            server.start();
            try {
                String base = "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
                if (options.containsKey("serve")) {
                    System.out.println("portal pages at " + base + "/activity as " + fallback.user() + " (" + database.kind() + ")");
                    CountDownLatch stopped = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                    stopped.await();
                } else {
                    measure(base, day, Integer.parseInt(options.getOrDefault("samples", "100")), database.kind());
                }
            } finally {
                server.stop();
            }
        } finally {
            if (stateDir != null && kept == null) {
                deleteTree(stateDir);
            }
        }
    }

    private static Viewer viewer(String name) {
        return name.equals("operator")
                ? new Viewer("operator", Viewer.Role.OPERATOR, null, "bench")
                : new Viewer("user@" + name, Viewer.Role.CUSTOMER, name, "bench");
    }

    private static void fillIfEmpty(Database database, FullDay day) throws Exception {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM edge_minute")) {
            count.next();
            if (count.getLong(1) > 0) {
                System.out.println("database already holds " + count.getLong(1) + " edge minutes; not generating");
                return;
            }
        }
        long started = System.nanoTime();
        long rows = day.fill(database, Instant.now());
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "generated %,d rows (%d properties x %d POPs x 1440 minutes, edge and DNS, minutes"
                + " and hours) in %.0f s (%,.0f rows/s, %s)%n", rows, day.properties(), FullDay.POPS.size(), seconds,
                rows / seconds, database.kind());
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            // PostgreSQL plans from statistics; a freshly filled table has none until autovacuum gets to it.
            if (database.kind() == Database.Kind.POSTGRESQL) {
                statement.execute("ANALYZE");
            }
        }
    }

    private static void measure(String base, FullDay day, int samples, Database.Kind kind) throws Exception {
        String one = FullDay.property(0, Math.min(3, day.properties() / day.customers() - 1));
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("customer, all properties  /activity", new String[] {CUSTOMER, "/activity"});
        cases.put("customer, one property    /activity", new String[] {CUSTOMER, "/activity?property=" + one});
        cases.put("customer                  /locations 24h", new String[] {CUSTOMER, "/locations?period=24h"});
        cases.put("customer                  /gtm", new String[] {CUSTOMER, "/gtm"});
        cases.put("customer                  /usage day", new String[] {CUSTOMER, "/usage?granularity=day"});
        cases.put("customer                  /usage.csv hour", new String[] {CUSTOMER, "/usage.csv?granularity=hour"});
        cases.put("operator, all customers   /activity", new String[] {"operator", "/activity"});
        cases.put("operator, all customers   /locations 24h", new String[] {"operator", "/locations?period=24h"});
        cases.put("operator, all customers   /gtm", new String[] {"operator", "/gtm"});
        cases.put("operator, all customers   /usage day", new String[] {"operator", "/usage?granularity=day"});
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.printf(Locale.ROOT, "%s, %d properties in the config, %d samples per page after 5 warm-up requests,"
                + " one at a time%n", kind, day.properties(), samples);
        System.out.printf(Locale.ROOT, "%-42s %9s %9s %9s %9s%n", "page", "p50 ms", "p95 ms", "max ms", "KB");
        for (Map.Entry<String, String[]> page : cases.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + page.getValue()[1]))
                    .header("X-Bench-Viewer", page.getValue()[0]).build();
            List<Double> millis = new ArrayList<>();
            int size = 0;
            for (int i = 0; i < samples + 5; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                double elapsed = (System.nanoTime() - started) / 1e6;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(page.getValue()[1] + " answered " + response.statusCode());
                }
                size = response.body().length();
                if (i >= 5) {
                    millis.add(elapsed);
                }
            }
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-42s %9.1f %9.1f %9.1f %9d%n", page.getKey(), percentile(sorted, 50),
                    percentile(sorted, 95), sorted[sorted.length - 1], size / 1024);
        }
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).replaceFirst("^--", "");
            if (name.equals("serve")) {
                options.put(name, "");
            } else {
                options.put(name, list.get(++i));
            }
        }
        return options;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
