package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.cli.Demo;
import dev.meridian.cli.EdgeProcess;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meridian demo} runs each POP's edge as its own child process (same java, options and class
 * path), prints how to stop one by its PID and bring it back, and stops every child it started when
 * it stops.
 */
class DemoEdgeProcessesTest {
    @TempDir
    Path dir;
    private final OkHttpClient http = new OkHttpClient();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path configFile() throws IOException {
        // The POPs' own loopback addresses: fixed ports there collide with nothing else.
        String yaml = """
                dns:
                  zone: cdn.test
                  listen: "127.0.0.1:0"
                  admin: "127.0.0.1:0"
                  stateDir: "%s"
                  probes:
                    latency: { methods: [] }
                    emulation:
                      links:
                        - { pop: one, block: 10.1.0.0/16, rtt: 12ms }
                        - { pop: two, block: 10.1.0.0/16, rtt: 80ms }
                pops:
                  - id: one
                    edge: { http: "127.0.0.171:8080", admin: "127.0.0.171:9080" }
                  - id: two
                    edge: { http: "127.0.0.172:8080", admin: "127.0.0.172:9080" }
                operatorTokens: [ "demo-processes-operator-token" ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:%d" } ]
                """.formatted(dir.resolve("gtm"), freePort());
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private boolean healthy(String adminHostPort) {
        try (Response r = http.newCall(new Request.Builder().url("http://" + adminHostPort + "/healthz").build()).execute()) {
            return r.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void eachPopIsAChildProcessTheGuideSaysHowToKillAndEveryChildStopsWithTheDemo() throws Exception {
        Path file = configFile();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<Long> pids;
        try (Demo demo = Demo.startWithEdgeProcesses(new ConfigHolder(new ConfigLoader(n -> null).load(file)), file, logs)) {
            assertThat(demo.edges()).isEmpty();
            assertThat(demo.edgeProcesses()).containsOnlyKeys("one", "two");
            pids = demo.edgeProcesses().values().stream().map(EdgeProcess::pid).toList();
            assertThat(pids).doesNotContain(ProcessHandle.current().pid());
            assertThat(ProcessHandle.of(pids.get(0)).orElseThrow().parent().map(ProcessHandle::pid))
                    .contains(ProcessHandle.current().pid());
            assertThat(healthy("127.0.0.171:9080")).isTrue();
            assertThat(healthy("127.0.0.172:9080")).isTrue();
            assertThat(demo.edgeProcesses().get("one").log()).exists();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            demo.printGuide(new PrintStream(out, true, StandardCharsets.UTF_8));
            String guide = out.toString(StandardCharsets.UTF_8);
            long one = demo.edgeProcesses().get("one").pid();
            assertThat(guide).contains("+subnet=10.1.0.0/24 +short      # one (127.0.0.171) is nearest to 10.1.0.0/24");
            assertThat(guide).contains("kill " + one + "      # stops POP one's edge");
            assertThat(guide).contains("bin/meridian edge --pop one --config " + file.toAbsolutePath()
                    + " --parent-pid " + ProcessHandle.current().pid());
            assertThat(guide).contains("pid " + demo.edgeProcesses().get("two").pid());
        }
        // Closing the demo (what Ctrl-C does) stopped both children by their PIDs.
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !healthy("127.0.0.171:9080") && !healthy("127.0.0.172:9080"));
    }
}
