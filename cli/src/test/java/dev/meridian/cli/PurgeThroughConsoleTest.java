package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meridian purge} with a console in the config: one purge through it, each POP's ack printed. */
class PurgeThroughConsoleTest {
    private static final String ACME = "cli-acme-admin-token-0000";

    @TempDir
    Path dir;
    private Undertow sjc;
    private ConsoleServer console;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        sjc = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(1)
                .setHandler(ex -> ex.getResponseSender().send("{\"purged\": 1}")).build();
        sjc.start();
        int sjcAdmin = ((InetSocketAddress) sjc.getListenerInfo().get(0).getAddress()).getPort();
        String yaml = """
                pops:
                  - { id: sjc, edge: { http: 127.0.0.1:1, admin: 127.0.0.1:%d } }
                  - { id: fra, edge: { http: 127.0.0.1:1, admin: 127.0.0.1:%d } }
                customers:
                  - id: acme
                    adminTokens: [ %s ]
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ] } ]
                console:
                  listen: 127.0.0.1:%d
                  stateDir: %s
                  nodes: [ { id: sjc, role: EDGE, token: sjc-cli-node-token-000 }, { id: fra, role: EDGE, token: fra-cli-node-token-000 } ]
                  purge: { ackWait: 300ms, popTimeout: 200ms, retryFor: 0s }
                """.formatted(sjcAdmin, freePort(), ACME, freePort(), dir.resolve("console"));
        config = Files.writeString(dir.resolve("meridian.yaml"), yaml);
        console = ConsoleServer.start(new ConfigHolder(new ConfigLoader(Map.<String, String>of()::get).load(config)));
    }

    @AfterEach
    void stop() {
        console.close();
        sjc.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void printsEachPopsAcknowledgementAndExitsNonZeroWhileOneIsPending() {
        CliEdge.Run run = CliEdge.run("purge", "-c", config.toString(), "--token", ACME, "http://acme.cdn.test/a.jpg");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("purge 1 through the console " + console.url())
                .containsPattern("sjc: acknowledged in [0-9.]+ ms")
                .contains("fra: pending (")
                .contains("the console keeps trying: " + console.url() + "/v1/purge/1");
    }

    @Test
    void aRefusalFromTheConsoleIsPrinted() {
        CliEdge.Run run = CliEdge.run("purge", "-c", config.toString(), "--token", ACME, "--host", "globex.cdn.test");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("console: HTTP 404: no property or origin is configured for host 'globex.cdn.test'");
    }
}
