package dev.meridian.edge.cache.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** A disk with little space left: writes beyond the remaining bytes fail as a full disk does. */
final class FailingFiles implements StoreFiles {
    private final AtomicLong remaining;

    FailingFiles(long capacity) {
        this.remaining = new AtomicLong(capacity);
    }

    void free() {
        remaining.set(Long.MAX_VALUE);
    }

    @Override
    public WritableByteChannel createTemp(Path path) throws IOException {
        WritableByteChannel real = DEFAULT.createTemp(path);
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (remaining.addAndGet(-src.remaining()) < 0) {
                    throw new IOException("No space left on device");
                }
                return real.write(src);
            }

            @Override
            public boolean isOpen() {
                return real.isOpen();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

    @Override
    public void publish(Path temp, Path target) throws IOException {
        DEFAULT.publish(temp, target);
    }
}
