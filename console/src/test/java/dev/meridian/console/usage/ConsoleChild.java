package dev.meridian.console.usage;

import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A console in a JVM of its own, for tests that kill it: {@code ConsoleChild <config.yaml> <url file>}
 * serves on a free port, writes its URL to the file once it listens, and stops when its standard input
 * closes (the test asked it to, or the test's JVM is gone: no orphan outlives the test).
 */
public final class ConsoleChild {
    private ConsoleChild() {
    }

    public static void main(String[] args) throws Exception {
        ConfigHolder holder = new ConfigHolder(new ConfigLoader(name -> null).load(Path.of(args[0])));
        try (ConsoleServer console = ConsoleServer.start(holder, new HostPort("127.0.0.1", 0))) {
            Path url = Path.of(args[1]);
            Path partial = url.resolveSibling(url.getFileName() + ".partial");
            Files.writeString(partial, console.url(), StandardCharsets.UTF_8);
            Files.move(partial, url, StandardCopyOption.ATOMIC_MOVE);
            waitForEndOfInput();
        }
    }

    private static void waitForEndOfInput() {
        try {
            while (System.in.read() >= 0) {
                // Nothing is sent; only the end matters.
            }
        } catch (IOException e) {
            // The pipe broke: the parent is gone.
        }
    }
}
