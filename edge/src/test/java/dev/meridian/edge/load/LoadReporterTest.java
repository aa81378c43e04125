package dev.meridian.edge.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.observability.SystemLoad;
import dev.meridian.probe.load.LoadReport;
import dev.meridian.probe.wire.LoadReportJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReporterTest {
    private Undertow gtm;
    private Undertow peer;
    private Undertow edge;
    private LoadReporter reporter;

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close();
        }
        if (gtm != null) {
            gtm.stop();
        }
        if (peer != null) {
            peer.stop();
        }
        if (edge != null) {
            edge.stop();
        }
    }

    private static int port(Undertow u) {
        return ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Test
    void countsRequestsInFlightAndFinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RequestCounter counter = new RequestCounter(exchange -> exchange.dispatch(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseSender().send("done");
        }));
        edge = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(counter).build();
        edge.start();
        HttpClient client = HttpClient.newHttpClient();
        var pending = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(edge) + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(5)).until(() -> counter.inFlight() == 1);
        release.countDown();
        assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("done");
        await().atMost(Duration.ofSeconds(5)).until(() -> counter.inFlight() == 0 && counter.finished() == 1);
    }

    /** A stand-in GTM admin listener that records what is posted to it. */
    private static Undertow recordingGtm(List<String> bodies, List<String> auth) {
        Undertow u = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestReceiver().receiveFullString((ex, body) -> {
                bodies.add(ex.getRequestPath() + " " + body);
                ex.getResponseSender().send("{\"accepted\":1}");
            });
        }).build();
        u.start();
        return u;
    }

    @Test
    void postsReportsWithTheTokenToEveryGtmServer(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("loadavg"), "2.00 1.00 0.50 1/100 42\n");
        Files.writeString(proc.resolve("meminfo"), "SwapTotal: 1024 kB\nSwapFree: 0 kB\n");
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        List<String> peerBodies = new CopyOnWriteArrayList<>();
        gtm = recordingGtm(bodies, auth);
        peer = recordingGtm(peerBodies, auth);
        RequestCounter counter = new RequestCounter(exchange -> exchange.getResponseSender().send("x"));
        reporter = new LoadReporter("sjc", List.of(URI.create("http://127.0.0.1:" + port(gtm)),
                URI.create("http://127.0.0.1:" + port(peer))), "edge-token-0123456789", counter,
                new SystemLoad(proc.resolve("loadavg"), proc.resolve("meminfo")), Clock.systemUTC(), new SimpleMeterRegistry())
                .start(Duration.ofMillis(100));

        await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() >= 2 && peerBodies.size() >= 2);
        assertThat(auth).allMatch("Bearer edge-token-0123456789"::equals);
        // Read as a GTM server reads it: the one wire form both sides share.
        LoadReport report = posted(bodies.get(0));
        assertThat(report.pop()).isEqualTo("sjc");
        assertThat(report.loadFigure()).isEqualTo(21); // 10 x 2.00 + 1 MB of swap
        assertThat(report.inFlight()).isZero();
        LoadReport peerReport = posted(peerBodies.get(0));
        assertThat(peerReport.pop()).isEqualTo("sjc");
        assertThat(peerReport.loadFigure()).isEqualTo(21);
    }

    private static LoadReport posted(String recorded) {
        assertThat(recorded).startsWith("/v1/load ");
        return LoadReportJson.read(recorded.substring("/v1/load ".length()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGtmServerThatIsDownCostsTheOthersNothing(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("loadavg"), "0.50 0.50 0.50 1/100 42\n");
        Files.writeString(proc.resolve("meminfo"), "SwapTotal: 0 kB\nSwapFree: 0 kB\n");
        List<String> bodies = new CopyOnWriteArrayList<>();
        gtm = recordingGtm(bodies, new CopyOnWriteArrayList<>());
        peer = recordingGtm(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        URI gone = URI.create("http://127.0.0.1:" + port(peer));
        peer.stop();
        peer = null;
        RequestCounter counter = new RequestCounter(exchange -> exchange.getResponseSender().send("x"));
        MeterRegistry registry = new SimpleMeterRegistry();
        reporter = new LoadReporter("sjc", List.of(gone, URI.create("http://127.0.0.1:" + port(gtm))),
                "edge-token-0123456789", counter, new SystemLoad(proc.resolve("loadavg"), proc.resolve("meminfo")),
                Clock.systemUTC(), registry).start(Duration.ofMillis(100));

        await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() >= 3);
        // What an operator sees: the live server takes the reports, the gone one fails them.
        await().atMost(Duration.ofSeconds(5)).until(() -> posts(registry, gone, "failed") >= 1);
        assertThat(posts(registry, URI.create("http://127.0.0.1:" + port(gtm)), "ok")).isGreaterThanOrEqualTo(3);
        assertThat(posts(registry, URI.create("http://127.0.0.1:" + port(gtm)), "failed")).isZero();
    }

    private static double posts(MeterRegistry registry, URI gtm, String outcome) {
        return registry.get("meridian.edge.gtm.posts").tags("pop", "sjc", "what", "load reports", "outcome", outcome,
                "gtm", gtm.getHost() + ":" + gtm.getPort()).counter().count();
    }
}
