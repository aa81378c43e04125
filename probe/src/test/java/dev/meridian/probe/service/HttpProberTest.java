package dev.meridian.probe.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProberTest {
    private Undertow server;
    private int port;
    private final HttpProber prober = new HttpProber(HttpProber.defaultClient(), Clock.systemUTC());
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    switch (exchange.getRequestPath()) {
                        case "/probe" -> exchange.getResponseSender().send("meridian edge ok");
                        case "/wrong" -> exchange.getResponseSender().send("some other page");
                        default -> {
                            exchange.setStatusCode(503);
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                            exchange.getResponseSender().send("meridian edge ok, but unavailable");
                        }
                    }
                })
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ProbeResult probe(String url, Duration timeout) throws Exception {
        ProbeTarget t = new ProbeTarget("127.0.0.1", URI.create(url), "edge ok", timeout, Duration.ofSeconds(1));
        return prober.probe(t, "gtm").get();
    }

    @Test
    void aResponseWithTheExpectedContentIsASuccessWithItsTime() throws Exception {
        ProbeResult r = probe("http://127.0.0.1:" + port + "/probe", Duration.ofSeconds(2));
        assertThat(r.ok()).isTrue();
        assertThat(r.metric()).isBetween(0, 2000);
        assertThat(r.vantage()).isEqualTo("gtm");
        assertThat(r.address()).isEqualTo("127.0.0.1");
    }

    @Test
    void missingContentFailsWithTheFailureMetric() throws Exception {
        ProbeResult r = probe("http://127.0.0.1:" + port + "/wrong", Duration.ofSeconds(2));
        assertThat(r.error()).isEqualTo(ProbeError.CONTENT);
        assertThat(r.metric()).isEqualTo(ProbeResult.FAILURE_METRIC);
    }

    @Test
    void aNon2xxStatusFailsEvenWithTheContent() throws Exception {
        ProbeResult r = probe("http://127.0.0.1:" + port + "/other", Duration.ofSeconds(2));
        assertThat(r.error()).isEqualTo(ProbeError.STATUS);
        assertThat(r.detail()).contains("503");
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + closed + "/probe", Duration.ofSeconds(2)).error())
                .isEqualTo(ProbeError.CONNECT);
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOut() throws Exception {
        ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        toClose.add(silent);
        Thread acceptor = new Thread(() -> {
            try {
                Socket held = silent.accept();
                toClose.add(held);
            } catch (IOException e) {
                // closed by the test
            }
        });
        acceptor.start();
        ProbeResult r = probe("http://127.0.0.1:" + silent.getLocalPort() + "/probe", Duration.ofMillis(300));
        assertThat(r.error()).isEqualTo(ProbeError.TIMEOUT);
    }
}
