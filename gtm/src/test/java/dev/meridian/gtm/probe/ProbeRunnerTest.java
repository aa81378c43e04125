package dev.meridian.gtm.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.probe.service.HttpProber;
import dev.meridian.probe.service.ProbeRunner;
import dev.meridian.probe.service.ProbeTarget;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private Undertow server;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void takesAFailingEdgeOutWithinTenSecondsAndBringsItBack() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            exchange.setStatusCode(healthy.get() ? 200 : 503);
            exchange.getResponseSender().send("meridian edge ok");
        }).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        HealthBoard board = new HealthBoard(HealthPolicy.defaults(), Clock.systemUTC(), 20);
        board.register("127.0.0.1");
        ProbeTarget target = new ProbeTarget("127.0.0.1", URI.create("http://127.0.0.1:" + port + "/"), "edge ok",
                Duration.ofMillis(500), Duration.ofMillis(200));
        ProbeRunner runner = new ProbeRunner("gtm", List.of(target),
                new HttpProber(HttpProber.defaultClient(), Clock.systemUTC()), board);
        runner.start(scheduler);
        scheduler.scheduleAtFixedRate(board::tick, 100, 100, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> board.health("127.0.0.1").orElseThrow().probed());
        assertThat(board.isUp("127.0.0.1")).isTrue();

        healthy.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !board.isUp("127.0.0.1"));

        healthy.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> board.isUp("127.0.0.1"));
        assertThat(board.health("127.0.0.1").orElseThrow().transitions()).extracting(Transition::up)
                .containsExactly(false, true);
        runner.close();
    }
}
