package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An origin of several mirrored servers, through real sockets: failover to a backup and back, and round-robin. */
class OriginGroupTest {
    private static final int RISE = 3;

    private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
            .readTimeout(10, TimeUnit.SECONDS).build();
    private final AtomicInteger requests = new AtomicInteger();
    private IdleClosingOrigin primary;
    private IdleClosingOrigin backup;
    private IdleClosingOrigin third;
    private EdgeServer edge;

    @AfterEach
    void stop() throws IOException {
        if (edge != null) {
            edge.close();
        }
        for (IdleClosingOrigin o : new IdleClosingOrigin[] {primary, backup, third}) {
            if (o != null) {
                o.close();
            }
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void theBackupServesWhileThePrimaryIsDownAndThePrimaryTakesOverAgainAfterItsProbesSucceed() throws IOException {
        primary = new IdleClosingOrigin(0, null);
        backup = new IdleClosingOrigin(0, null);
        edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePopWithOriginGroup(
                "servers: [ { url: \"" + primary.url() + "\" }, { url: \"" + backup.url() + "\", backup: true } ], "
                        + "health: { path: /health, interval: 100ms, timeout: 500ms, fall: 2, rise: " + RISE + " }")), "sjc");
        assertThat(get()).isEqualTo(200);
        assertThat(requestsTo(primary)).hasSize(1);
        assertThat(requestsTo(backup)).isEmpty();

        int port = primary.port();
        primary.close();
        // From the first request on, the backup answers: the refused connection passes it over to the next server.
        for (int i = 0; i < 5; i++) {
            assertThat(get()).isEqualTo(200);
        }
        assertThat(requestsTo(backup)).hasSize(5);
        assertThat(edge.registry().scrape()).contains("meridian_edge_origin_resends_total{pop=\"sjc\",reason=\"next-server\"}");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                edge.registry().scrape().contains("meridian_edge_origin_servers_down{pop=\"sjc\"} 1.0"));

        primary = new IdleClosingOrigin(0, null, port, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> get() == 200 && !requestsTo(primary).isEmpty());
        // Not before RISE probes in a row had found it up.
        List<String> seen = List.copyOf(primary.received);
        int firstRequest = seen.indexOf(seen.stream().filter(r -> !r.contains("/health")).findFirst().orElseThrow());
        assertThat(firstRequest).isGreaterThanOrEqualTo(RISE);
        int toBackup = requestsTo(backup).size();
        assertThat(get()).isEqualTo(200);
        assertThat(requestsTo(backup)).hasSize(toBackup);
    }

    @Test
    void roundRobinSharesRequestsByWeight() throws IOException {
        primary = new IdleClosingOrigin(0, null);
        backup = new IdleClosingOrigin(0, null);
        third = new IdleClosingOrigin(0, null);
        edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePopWithOriginGroup(
                "policy: round-robin, servers: [ { url: \"" + primary.url() + "\", weight: 2 }, { url: \"" + backup.url()
                        + "\" }, { url: \"" + third.url() + "\", backup: true } ]")), "sjc");
        for (int i = 0; i < 30; i++) {
            assertThat(get()).isEqualTo(200);
        }
        assertThat(requestsTo(primary)).hasSize(20);
        assertThat(requestsTo(backup)).hasSize(10);
        assertThat(requestsTo(third)).isEmpty();
    }

    @Test
    void aServerAnswering5xxIsTakenOutAfterFallFailuresInARow() throws IOException {
        primary = new IdleClosingOrigin(0, null);
        backup = new IdleClosingOrigin(0, null);
        primary.status = 503;
        edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePopWithOriginGroup(
                "policy: round-robin, servers: [ { url: \"" + primary.url() + "\" }, { url: \"" + backup.url() + "\" } ], "
                        + "health: { fall: 2 }")), "sjc");
        int failed = 0;
        for (int i = 0; i < 20; i++) {
            failed += get() == 503 ? 1 : 0;
        }
        // Turns alternate until the second 503 in a row takes the failing server out; no probes bring it back.
        assertThat(failed).isEqualTo(2);
        assertThat(requestsTo(primary)).hasSize(2);
        assertThat(requestsTo(backup)).hasSize(18);
    }

    private List<String> requestsTo(IdleClosingOrigin server) {
        return server.received.stream().filter(r -> r.contains("/r/")).toList();
    }

    /** A request no cache can answer (a new path each time). */
    private int get() throws IOException {
        Request request = new Request.Builder()
                .url("http://127.0.0.1:" + edge.httpAddress().getPort() + "/r/" + requests.incrementAndGet())
                .header("Host", "acme.cdn.test").build();
        try (Response r = client.newCall(request).execute()) {
            return r.code();
        }
    }
}
