package dev.meridian.console.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.console.db.Database;
import dev.meridian.uplink.wire.DnsMinute;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.IngestReceipt;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash: three nodes ship batches to a console in a JVM of its own, the console
 * is killed (SIGKILL) while batches are in flight, started again on the same H2 file, and every batch
 * is sent again, as at-least-once delivery does. Every batch the first console acknowledged must come
 * back a duplicate (an acknowledged batch is durable), and the totals must be exactly what was sent once.
 */
class IngestSurvivesKillTest {
    private static final int BATCHES_PER_NODE = 50;
    private static final int MINUTES_PER_BATCH = 30;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(3));
    private static final Map<String, String> TOKENS = Map.of("sjc", UsageFixtures.SJC_TOKEN, "iad", UsageFixtures.IAD_TOKEN,
            "gtm", UsageFixtures.GTM_TOKEN);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static UsageBatch batch(String node, int i) {
        List<EdgeMinute> edge = new ArrayList<>();
        List<DnsMinute> dns = new ArrayList<>();
        for (int m = 0; m < MINUTES_PER_BATCH; m++) {
            // Overlapping windows: later batches add to rows earlier ones made.
            Instant minute = BASE.plus(Duration.ofMinutes(i + m));
            if (node.equals("gtm")) {
                dns.add(new DnsMinute(minute, "acme.cdn.test", "127.0.0.11", "sjc", "10.1.0.0/24", i + 1));
                dns.add(new DnsMinute(minute, "img.acme.test", "127.0.0.12", "iad", "10.2.0.0/24", 1));
            } else {
                edge.add(UsageFixtures.edge(minute, "acme.cdn.test", node, i + 1));
                edge.add(UsageFixtures.edge(minute, "globex.cdn.test", node, 1));
            }
        }
        return new UsageBatch(node + "-" + i, node, Instant.now(), new SpoolStatus(BATCHES_PER_NODE - i, 0, 0), edge, dns);
    }

    /** requests of every edge row of every batch, once. */
    private static long expectedRequests() {
        long total = 0;
        for (String node : List.of("sjc", "iad")) {
            for (int i = 0; i < BATCHES_PER_NODE; i++) {
                total += batch(node, i).edge().stream().mapToLong(EdgeMinute::requests).sum();
            }
        }
        return total;
    }

    private static long expectedDecisions() {
        long total = 0;
        for (int i = 0; i < BATCHES_PER_NODE; i++) {
            total += batch("gtm", i).dns().stream().mapToLong(DnsMinute::decisions).sum();
        }
        return total;
    }

    private Process startConsole(Path config) throws IOException {
        Path urlFile = dir.resolve("url");
        Files.deleteIfExists(urlFile);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ConsoleChild.class.getName(), config.toString(), urlFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(urlFile) || !child.isAlive());
        assertThat(child.isAlive()).as("console child started (see %s)", dir.resolve("console.log")).isTrue();
        return child;
    }

    private IngestReceipt send(String url, UsageBatch batch) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/ingest/usage"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKENS.get(batch.node()))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readValue(response.body(), IngestReceipt.class);
    }

    @Test
    void killedMidStreamAndSentEverythingAgainTheCountsAreExact() throws Exception {
        Path config = dir.resolve("console.yaml");
        Files.writeString(config, UsageFixtures.yaml(dir.resolve("state")), StandardCharsets.UTF_8);
        Map<String, IngestReceipt> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        Process first = startConsole(config);
        String firstUrl = Files.readString(dir.resolve("url"), StandardCharsets.UTF_8);
        try {
            List<Future<?>> shipping = new ArrayList<>();
            for (String node : TOKENS.keySet()) {
                shipping.add(nodes.submit(() -> {
                    for (int i = 0; i < BATCHES_PER_NODE; i++) {
                        try {
                            IngestReceipt receipt = send(firstUrl, batch(node, i));
                            acknowledged.put(receipt.batchId(), receipt);
                            acks.incrementAndGet();
                        } catch (IOException e) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> acks.get() >= BATCHES_PER_NODE);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : shipping) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            first.destroyForcibly();
        }
        assertThat(acknowledged.size()).as("the kill came mid-stream").isBetween(BATCHES_PER_NODE, 3 * BATCHES_PER_NODE - 1);

        Process second = startConsole(config);
        String secondUrl = Files.readString(dir.resolve("url"), StandardCharsets.UTF_8);
        try {
            List<Future<List<IngestReceipt>>> resent = new ArrayList<>();
            for (String node : TOKENS.keySet()) {
                resent.add(nodes.submit(() -> {
                    List<IngestReceipt> receipts = new ArrayList<>();
                    for (int i = 0; i < BATCHES_PER_NODE; i++) {
                        receipts.add(send(secondUrl, batch(node, i)));
                    }
                    return receipts;
                }));
            }
            for (Future<List<IngestReceipt>> f : resent) {
                for (IngestReceipt receipt : f.get(120, TimeUnit.SECONDS)) {
                    if (acknowledged.containsKey(receipt.batchId())) {
                        assertThat(receipt.duplicate()).as("%s was acknowledged before the kill", receipt.batchId()).isTrue();
                    }
                }
            }
        } finally {
            nodes.shutdownNow();
            second.getOutputStream().close();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }

        try (Database db = Database.open(Database.embedded(dir.resolve("state")))) {
            assertThat(sum(db, "SELECT SUM(requests) FROM edge_minute")).isEqualTo(expectedRequests());
            assertThat(sum(db, "SELECT SUM(requests) FROM edge_hour")).isEqualTo(expectedRequests());
            assertThat(sum(db, "SELECT SUM(requests) FROM customer_minute")).isEqualTo(expectedRequests());
            assertThat(sum(db, "SELECT SUM(requests) FROM network_minute")).isEqualTo(expectedRequests());
            assertThat(sum(db, "SELECT SUM(decisions) FROM dns_minute")).isEqualTo(expectedDecisions());
            assertThat(sum(db, "SELECT SUM(decisions) FROM dns_customer_minute")).isEqualTo(expectedDecisions());
            assertThat(sum(db, "SELECT SUM(decisions) FROM dns_network_minute")).isEqualTo(expectedDecisions());
            assertThat(sum(db, "SELECT SUM(decisions) FROM dns_hour")).isEqualTo(expectedDecisions());
            assertThat(sum(db, "SELECT COUNT(*) FROM ingested_batches")).isEqualTo(3L * BATCHES_PER_NODE);
        }
    }

    private static long sum(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
