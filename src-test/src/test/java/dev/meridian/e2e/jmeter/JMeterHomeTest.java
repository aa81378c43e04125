package dev.meridian.e2e.jmeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throw-away JMeter home does not outlive the JVM that made it (it used to: one per test run, in /tmp). */
class JMeterHomeTest {
    @TempDir
    Path tmp;

    /** A JVM that sets up the JMeter home, says where, and exits. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("home=" + JMeterHome.init());
        }
    }

    @Test
    void theHomeIsDeletedWhenTheJvmExits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The child's temp dir is this test's, so even a failure leaves nothing behind in /tmp.
        Process child = new ProcessBuilder(List.of(java, "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), Child.class.getName())).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(child.exitValue()).as(out).isZero();

        String line = out.lines().filter(l -> l.startsWith("home=")).findFirst()
                .orElseThrow(() -> new AssertionError("the child did not say where its home was: " + out));
        Path home = Path.of(line.substring("home=".length()));
        assertThat(home.startsWith(tmp)).as(home + " is in " + tmp).isTrue();
        assertThat(home).doesNotExist();
        try (var left = Files.list(tmp)) {
            assertThat(left).as("what the child left in its temp dir").isEmpty();
        }
    }
}
