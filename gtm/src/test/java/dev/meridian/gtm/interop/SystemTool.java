package dev.meridian.gtm.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a system tool a test drives. Missing under CI ({@code CI=true}) is a failure, because CI installs it
 * (.ci/run); missing on a developer's machine skips the test with a message that says what to install.
 */
final class SystemTool {
    private static final List<String> DIRS = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin",
            "/usr/local/sbin");

    private SystemTool() {
    }

    static Path require(String tool, String debianPackage) {
        List<String> dirs = new ArrayList<>(DIRS);
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(0, List.of(path.split(File.pathSeparator)));
        }
        for (String dir : dirs) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = tool + " is not installed (Debian package " + debianPackage + "; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.assumeTrue(false, message);
        return null;
    }
}
