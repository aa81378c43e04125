package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -HUP <demo pid>} reloads the whole demo: the demo passes the hangup on to its child edges,
 * which then serve from the changed file (here: a customer's new admin token opens their purge endpoint).
 */
class DemoHangupTest {
    /** The POP's own loopback address: its fixed ports collide with nothing else. */
    private static final String ADMIN = "127.0.0.175:9080";
    private static final String OLD_TOKEN = "acme-token-before-the-hangup";
    private static final String NEW_TOKEN = "acme-token-after-the-hangup-0";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String config(String token) {
        // The origin is not on loopback, so the demo starts no stub; no dns section, so no GTM.
        return """
                pops:
                  - id: solo
                    edge: { http: "127.0.0.175:8080", admin: "%s" }
                customers:
                  - id: acme
                    adminTokens: [ "%s" ]
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://192.0.2.1:80" } ]
                """.formatted(ADMIN, token);
    }

    /**
     * Also when the demo starts with SIGHUP ignored, as under {@code nohup} (coreutils' {@code env
     * --ignore-signal} does what nohup does to it): the JVM would install no handler for it then.
     */
    @ParameterizedTest(name = "started ignoring SIGHUP: {0}")
    @ValueSource(booleans = {false, true})
    void aHangupToTheDemoReachesItsChildEdges(boolean startedIgnoringHangups) throws Exception {
        Path file = Files.writeString(dir.resolve("demo.yaml"), config(OLD_TOKEN));
        Path out = dir.resolve("demo.out");
        List<String> java = new ArrayList<>(EdgeProcess.javaCommand());
        // The demo's temp dir for its edges' logs goes in this test's, which JUnit deletes.
        java.add(1, "-Djava.io.tmpdir=" + dir);
        java.addAll(List.of("demo", "--config", file.toString()));
        List<String> command = new ArrayList<>(startedIgnoringHangups ? List.of("env", "--ignore-signal=HUP") : List.of());
        command.addAll(java);
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(
                    () -> !demo.isAlive() || Files.readString(out).contains("Meridian demo is running"));
            assertThat(demo.isAlive()).as(Files.readString(out)).isTrue();
            assertThat(purge(NEW_TOKEN)).isEqualTo(401);

            Files.writeString(file, config(NEW_TOKEN));
            Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(demo.pid())).start();
            assertThat(kill.waitFor()).isZero();

            try {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> assertThat(purge(NEW_TOKEN)).isEqualTo(200));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the new token was not taken within 20 s\n" + diagnosis(demo, out), e);
            }
            assertThat(purge(OLD_TOKEN)).isEqualTo(401);
            assertThat(demo.isAlive()).isTrue();
        } finally {
            demo.destroy();
            if (!demo.waitFor(EdgeProcess.STOP_WAIT_SECONDS * 2L, TimeUnit.SECONDS)) {
                demo.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The demo's output with a thread dump of it (SIGQUIT has the JVM print one there) and its edge's log:
     * whether the hangup reached the demo, was passed on, and what the demo's SIGHUP thread was doing.
     */
    private String diagnosis(Process demo, Path out) throws Exception {
        new ProcessBuilder("kill", "-QUIT", String.valueOf(demo.pid())).start().waitFor();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> Files.readString(out).contains("JNI global refs"));
        StringBuilder report = new StringBuilder("demo output:\n").append(Files.readString(out));
        try (Stream<Path> logs = Files.find(dir, 3, (path, attributes) -> path.getFileName().toString().endsWith(".log"))) {
            for (Path log : logs.toList()) {
                report.append("\n").append(log).append(":\n").append(Files.readString(log));
            }
        }
        return report.toString();
    }

    private int purge(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ADMIN + "/purge"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://acme.cdn.test/a.jpg\"}")).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
