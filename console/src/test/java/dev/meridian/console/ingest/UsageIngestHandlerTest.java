package dev.meridian.console.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.IngestReceipt;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest endpoint over real HTTP: what each answer of the protocol is given for. */
class UsageIngestHandlerTest {
    private static final String SJC = "sjc-node-token-00000000";
    private static final String IAD = "iad-node-token-00000000";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    private ConsoleServer console;
    private ConfigHolder holder;
    private final HttpClient http = HttpClient.newHttpClient();

    static MeridianConfig config(Path dir, String acmeHost) throws ConfigException {
        return config(dir, acmeHost, SJC);
    }

    static MeridianConfig config(Path dir, String acmeHost, String sjcToken) throws ConfigException {
        return new ConfigLoader(n -> null).loadYaml("ingest-test.yaml", """
                pops:
                  - id: sjc
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                  - id: iad
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                customers:
                  - id: acme
                    properties:
                      - host: %s
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                      - host: other.cdn.test
                        origins: [ { host: www.other.test, url: "http://127.0.0.1:9" } ]
                console:
                  stateDir: "%s"
                  nodes:
                    - { id: sjc, role: edge, token: %s }
                    - { id: iad, role: edge, token: %s }
                """.formatted(acmeHost, dir, sjcToken, IAD));
    }

    @BeforeEach
    void start() throws Exception {
        holder = new ConfigHolder(config(dir, "acme.cdn.test"));
        console = ConsoleServer.start(holder, new HostPort("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        console.close();
    }

    private static Instant minute() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
    }

    private static EdgeMinute row(String property, String pop, long requests) {
        return new EdgeMinute(minute(), property, pop, requests, 1000, 0, requests, 0, 0, 0, 0, 0, 0, requests, 0, 0, 0,
                0, 0, 0);
    }

    private static UsageBatch batch(String id, String node, EdgeMinute... rows) {
        return new UsageBatch(id, node, Instant.now(), new SpoolStatus(2, 4096, 3), List.of(rows), List.of());
    }

    private HttpResponse<String> post(String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.url() + "/v1/ingest/usage"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String token, UsageBatch batch) throws Exception {
        return post(token, JSON.writeValueAsString(batch));
    }

    private long requests() throws Exception {
        try (Connection c = console.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE(SUM(requests), 0) FROM edge_minute")) {
            r.next();
            return r.getLong(1);
        }
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aBatchIsCountedOnceAndItsRepeatAnsweredAsADuplicate() throws Exception {
        UsageBatch batch = batch("sjc-1", "sjc", row("acme.cdn.test", "sjc", 5));
        HttpResponse<String> first = post(SJC, batch);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(first.body(), IngestReceipt.class)).isEqualTo(new IngestReceipt("sjc-1", 1, false));
        HttpResponse<String> again = post(SJC, batch);
        assertThat(JSON.readValue(again.body(), IngestReceipt.class)).isEqualTo(new IngestReceipt("sjc-1", 0, true));
        assertThat(requests()).isEqualTo(5);
        assertThat(metrics()).contains("console_ingest_batches_total{outcome=\"duplicate\"} 1.0")
                .contains("console_ingest_rows_total 1.0");
    }

    @Test
    void aMissingOrUnknownTokenIs401AndCounted() throws Exception {
        UsageBatch batch = batch("sjc-1", "sjc", row("acme.cdn.test", "sjc", 5));
        assertThat(post(null, batch).statusCode()).isEqualTo(401);
        assertThat(post("not-a-node-token-000000", batch).statusCode()).isEqualTo(401);
        assertThat(requests()).isZero();
        assertThat(metrics()).contains("console_ingest_batches_total{outcome=\"unauthorized\"} 2.0");
    }

    @Test
    void aBatchNamingAnotherNodeThanItsTokenIs403() throws Exception {
        HttpResponse<String> response = post(IAD, batch("sjc-1", "sjc", row("acme.cdn.test", "sjc", 5)));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(requests()).isZero();
    }

    @Test
    void brokenBatchesAre400WithTheReason() throws Exception {
        assertThat(post(SJC, "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> otherPop = post(SJC, batch("sjc-2", "sjc", row("acme.cdn.test", "iad", 5)));
        assertThat(otherPop.statusCode()).isEqualTo(400);
        assertThat(otherPop.body()).contains("an edge reports its own POP");
        EdgeMinute negative = new EdgeMinute(minute(), "acme.cdn.test", "sjc", -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0);
        assertThat(post(SJC, batch("sjc-3", "sjc", negative)).body()).contains("negative");
        assertThat(post(SJC, batch("iad-4", "sjc", row("acme.cdn.test", "sjc", 1))).body())
                .contains("must start with the node's id");
        assertThat(requests()).isZero();
        assertThat(metrics()).contains("console_ingest_batches_total{outcome=\"invalid\"} 4.0");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutReadingIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(console.url() + "/v1/ingest/usage"))
                .header("Authorization", "Bearer " + SJC)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) UsageIngestHandler.MAX_BODY + 1])).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("at most");
    }

    @Test
    void rowsOfAPropertyDeletedFromTheConfigAreDroppedAndTheRestCounted() throws Exception {
        // acme.cdn.test leaves the config while sjc's spool still holds its minutes.
        holder.reload(() -> config(dir, "renamed.cdn.test"));
        HttpResponse<String> response = post(SJC, batch("sjc-1", "sjc", row("acme.cdn.test", "sjc", 5),
                row("other.cdn.test", "sjc", 2)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(response.body(), IngestReceipt.class).rows()).isEqualTo(1);
        assertThat(requests()).isEqualTo(2);
        assertThat(metrics()).contains("console_ingest_rows_dropped_total{reason=\"unknown_host\"} 1.0");
    }

    @Test
    void aReloadedConfigsTokensApplyAtOnce() throws Exception {
        UsageBatch batch = batch("sjc-1", "sjc", row("acme.cdn.test", "sjc", 5));
        String rotated = "sjc-node-token-rotated-0";
        holder.reload(() -> config(dir, "acme.cdn.test", rotated));
        assertThat(post(SJC, batch).statusCode()).isEqualTo(401);
        assertThat(post(rotated, batch).statusCode()).isEqualTo(200);
    }

    @Test
    void theNodesRowShowsTheLastReportAndTheSpool() throws Exception {
        post(SJC, batch("sjc-1", "sjc", row("acme.cdn.test", "sjc", 5)));
        try (Connection c = console.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT role, spool_batches, spool_bytes, dropped_minutes, last_report"
                     + " FROM nodes WHERE id = 'sjc'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("EDGE");
            assertThat(List.of(r.getLong(2), r.getLong(3), r.getLong(4))).containsExactly(2L, 4096L, 3L);
            assertThat(r.getObject(5)).isNotNull();
        }
    }
}
