package dev.meridian.perf.console;

import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.logs.LogFileName;
import dev.meridian.uplink.logs.LogUploads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Raw access log lines per second a console ingests: a real {@link ConsoleServer} (embedded H2 in a
 * temporary directory, or the database of {@code --jdbc-url}) receives {@code --files} gzip files of
 * {@code --lines} edge-like lines each, uploaded by {@code --uploaders} concurrent clients as edges
 * upload them ({@code PUT /v1/ingest/logs/...}, checksum header); a file counts once the console has
 * stored and recorded it (200). Files are made before the clock starts. Several runs, each on a fresh
 * console and database; prints each run and the median.
 */
public final class LogIngestBenchmark {
    private static final String NODE_TOKEN = "perf-logs-sjc-node-token-01";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LogIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int lines = Integer.parseInt(options.getOrDefault("lines", "10000"));
        int files = Integer.parseInt(options.getOrDefault("files", "40"));
        int uploaders = Integer.parseInt(options.getOrDefault("uploaders", "4"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        String jdbcUrl = options.get("jdbc-url");
        String jdbcUser = options.getOrDefault("jdbc-user", System.getProperty("user.name"));
        List<byte[]> bodies = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            bodies.add(file(f, lines));
        }
        long compressed = bodies.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "console log ingest: %d files x %d lines (%.1f MB gzip), %d uploaders, %s%n", files,
                lines, compressed / 1e6, uploaders, jdbcUrl == null ? "H2 (embedded)" : jdbcUrl);
        List<Double> rates = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            double rate = run(bodies, lines, uploaders, jdbcUrl, jdbcUser, r);
            rates.add(rate);
            System.out.printf(Locale.ROOT, "run %d: %,.0f lines/s%n", r, rate);
        }
        rates.sort(Comparator.naturalOrder());
        double median = rates.size() % 2 == 1 ? rates.get(rates.size() / 2)
                : (rates.get(rates.size() / 2 - 1) + rates.get(rates.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "median: %,.0f lines/s (target 20,000: %.2fx)%n", median, median / 20_000);
    }

    private static double run(List<byte[]> bodies, int lines, int uploaders, String jdbcUrl, String jdbcUser, int round) throws Exception {
        Path state = Files.createTempDirectory("meridian-log-ingest-");
        ExecutorService pool = Executors.newFixedThreadPool(uploaders);
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        try (ConsoleServer console = ConsoleServer.start(new ConfigHolder(config(state, jdbcUrl, jdbcUser)),
                new HostPort("127.0.0.1", 0))) {
            HttpClient client = HttpClient.newBuilder().executor(clientThreads).build();
            List<String> sums = new ArrayList<>();
            for (byte[] body : bodies) {
                sums.add(LogUploads.hex(MessageDigest.getInstance("SHA-256").digest(body)));
            }
            // Names unique per run, so a shared PostgreSQL never sees a duplicate.
            Instant opened = Instant.now().plusSeconds(round * 100_000L);
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int u = 0; u < uploaders; u++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        LogFileName name = new LogFileName("sjc", opened, i);
                        HttpRequest put = HttpRequest.newBuilder(URI.create(console.url() + LogUploads.path("acme", name)))
                                .header("Authorization", "Bearer " + NODE_TOKEN)
                                .header(LogUploads.SHA256_HEADER, sums.get(i))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
                        HttpResponse<String> answer = client.send(put, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 200 || answer.body().contains("\"duplicate\":true")) {
                            throw new IllegalStateException("upload " + name + ": " + answer.statusCode() + " "
                                    + answer.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return (double) bodies.size() * lines / seconds;
        } finally {
            pool.shutdownNow();
            clientThreads.shutdownNow();
            deleteTree(state);
        }
    }

    private static MeridianConfig config(Path state, String jdbcUrl, String jdbcUser) throws Exception {
        String database = jdbcUrl == null ? "" : "  database: { url: \"" + jdbcUrl + "\", user: "
                + jdbcUser + " }\n";
        String yaml = """
                pops:
                  - { id: sjc, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 } }
                customers:
                  - id: acme
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ] } ]
                console:
                  stateDir: %s
                %s  nodes: [ { id: sjc, role: EDGE, token: %s } ]
                """.formatted(state, database, NODE_TOKEN);
        return new ConfigLoader(System::getenv).loadYaml("log-ingest-benchmark.yaml", yaml);
    }

    /** A file as an edge writes it: JSON lines a few milliseconds apart, varied enough not to compress away. */
    private static byte[] file(int index, int lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long t = Instant.parse("2026-12-07T21:00:00Z").toEpochMilli() + index * 300_000L;
        try (OutputStream gz = new GZIPOutputStream(bytes, 64 * 1024)) {
            StringBuilder line = new StringBuilder(512);
            for (int i = 0; i < lines; i++) {
                line.setLength(0);
                line.append("{\"time\":\"").append(TIME.format(Instant.ofEpochMilli(t + i * 7L)))
                        .append("\",\"pop\":\"sjc\",\"client\":\"203.0.").append(i % 251).append('.').append(i * 31 % 253)
                        .append("\",\"method\":\"GET\",\"host\":\"acme.cdn.test\",\"path\":\"/images/photo-")
                        .append(i * 7919 % 100_000).append(".jpg\",\"query\":").append(i % 3 == 0 ? "\"w=500\"" : "null")
                        .append(",\"status\":200,\"bytes\":").append(1000 + i * 104_729L % 900_000)
                        .append(",\"cache\":\"").append(i % 10 == 0 ? "MISS" : "HIT").append("\",\"ms\":").append(i % 40)
                        .append(",\"originMs\":").append(i % 10 == 0 ? String.valueOf(i % 90) : "null")
                        .append(",\"referer\":\"https://www.acme.test/gallery/").append(i % 97)
                        .append("\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/1").append(20 + i % 12).append(".0.0.0 Safari/537.36\"}\n");
                gz.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
