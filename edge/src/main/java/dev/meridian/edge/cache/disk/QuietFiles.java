package dev.meridian.edge.cache.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing and deleting where a failure changes nothing: the file is done with, or the start-up sweep gets it. */
final class QuietFiles {
    private static final Logger LOG = LoggerFactory.getLogger(QuietFiles.class);

    private QuietFiles() {
    }

    static void close(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // nothing to do about a failed close of a file we are done with
        }
    }

    static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", p, e.toString());
        }
    }
}
