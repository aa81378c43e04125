package dev.meridian.edge.cache.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a store keeps what under its directory: {@code objects/xx/<16 hex digit id>} (256
 * directories, by the id's low byte, so none grows huge), {@code tmp/<id>.tmp} for objects being
 * written, {@code index.log}, and the {@code lock} file that keeps a second store out.
 */
final class StoreLayout {
    static final int FANOUT = 256;

    private final Path dir;
    private final Path objects;
    private final Path tmp;

    StoreLayout(Path dir) {
        this.dir = dir;
        this.objects = dir.resolve("objects");
        this.tmp = dir.resolve("tmp");
    }

    /** The top directories, before the lock is taken (the lock file lives in the store's directory). */
    void createTopDirectories() throws IOException {
        Files.createDirectories(objects);
        Files.createDirectories(tmp);
    }

    void createObjectDirectories() throws IOException {
        for (int i = 0; i < FANOUT; i++) {
            Files.createDirectories(objectDir(i));
        }
    }

    Path lockFile() {
        return dir.resolve("lock");
    }

    Path indexLog() {
        return dir.resolve("index.log");
    }

    Path tmp() {
        return tmp;
    }

    Path tempFile(long fileId) {
        return tmp.resolve(Long.toHexString(fileId) + ".tmp");
    }

    /** The {@code i}th of the {@link #FANOUT} object directories. */
    Path objectDir(int i) {
        return objects.resolve(String.format("%02x", i));
    }

    Path objectFile(long fileId) {
        return objectDir((int) (fileId & (FANOUT - 1))).resolve(String.format("%016x", fileId));
    }
}
