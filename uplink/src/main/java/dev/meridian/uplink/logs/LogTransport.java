package dev.meridian.uplink.logs;

import java.io.IOException;
import java.nio.file.Path;

/** Puts one completed file to the console. */
@FunctionalInterface
public interface LogTransport extends AutoCloseable {
    /** The console's status code and the start of its body (for the log). */
    record Answer(int status, String body) {
    }

    Answer put(String customer, LogFileName name, Path file, String sha256) throws IOException, InterruptedException;

    /** Lets go of connections and threads. */
    @Override
    default void close() {
    }
}
