package dev.meridian.edge.purge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of the newest console purge this POP's disk tier has seen applied, every one before it
 * included, in a small file beside the disk store ({@code <disk.dir>/<pop>.purge-position}). Replaced
 * atomically (written aside, then renamed). Not synced: a position that is lost or rolled back only makes
 * the POP apply a few purges again, which is harmless, while a purge's removal from the disk is itself
 * durable before the purge is acknowledged.
 */
final class PurgePosition {
    private static final Logger log = LoggerFactory.getLogger(PurgePosition.class);

    private final Path file;

    PurgePosition(Path file) {
        this.file = file;
    }

    static PurgePosition beside(Path diskStoreDir) {
        return new PurgePosition(diskStoreDir.resolveSibling(diskStoreDir.getFileName() + ".purge-position"));
    }

    /** The saved position; empty when there is none or it cannot be read (then the POP starts from the oldest purge). */
    OptionalLong load() {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("purge position {} is unreadable ({}); the POP applies every purge the console has", file, e.toString());
            return OptionalLong.empty();
        }
    }

    void save(long seq) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(aside, seq + "\n", StandardCharsets.US_ASCII);
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
