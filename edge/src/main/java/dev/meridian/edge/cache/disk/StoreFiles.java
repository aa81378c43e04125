package dev.meridian.edge.cache.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file operations that write objects. Separate so a test can stand in a disk that fills up or
 * fails without needing a real tiny file system.
 */
public interface StoreFiles {
    StoreFiles DEFAULT = new StoreFiles() {
        @Override
        public WritableByteChannel createTemp(Path path) throws IOException {
            return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public void publish(Path temp, Path target) throws IOException {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    };

    /** A new, empty file for an object being written. */
    WritableByteChannel createTemp(Path path) throws IOException;

    /** Makes a completely written object visible under its final name, atomically. */
    void publish(Path temp, Path target) throws IOException;
}
