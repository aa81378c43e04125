package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo's child edge does not outlive its parent, even one that is killed outright (no shutdown hook runs),
 * and gets native access even where its parent had it only from the jar's manifest.
 */
class EdgeProcessTest {
    @TempDir
    Path dir;

    @Test
    void aChildJvmGetsNativeAccessOnce() {
        assertThat(EdgeProcess.javaCommand()).containsOnlyOnce("--enable-native-access=ALL-UNNAMED")
                .last().isEqualTo(MeridianCli.class.getName());
    }

    @Test
    void aChildEdgeExitsWhenItsParentProcessDies() throws Exception {
        Path config = dir.resolve("edge.yaml");
        Files.writeString(config, """
                pops:
                  - id: solo
                    edge: { http: "127.0.0.173:0", admin: "127.0.0.173:9080" }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                """);
        Process parent = new ProcessBuilder("sleep", "300").start();
        EdgeProcess child = EdgeProcess.start("solo", HostPort.parse("127.0.0.173:9080"), config, dir, parent.pid());
        try {
            child.awaitReady(Duration.ofSeconds(60));
            assertThat(child.isAlive()).isTrue();
            parent.destroyForcibly().waitFor();
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        } finally {
            child.close();
            parent.destroyForcibly();
        }
    }
}
