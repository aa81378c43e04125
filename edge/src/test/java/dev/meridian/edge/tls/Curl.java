package dev.meridian.edge.tls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the system's curl (with HTTP/2 and OpenSSL, as Debian builds it). Missing under CI
 * ({@code CI=true}) is a failure, elsewhere the test is skipped saying what to install.
 */
final class Curl {
    private Curl() {
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of("--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(args));
        // stderr goes to a file rather than to a reader task: a CompletableFuture without an
        // executor runs on the common pool (on Java 25, one thread on 2 cores), which a test's own task may hold.
        Path err = Files.createTempFile("curl", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = readAll(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("curl did not finish: " + command);
            }
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "curl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = "curl is not installed (Debian package curl; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.assumeTrue(false, message);
        return null;
    }
}
