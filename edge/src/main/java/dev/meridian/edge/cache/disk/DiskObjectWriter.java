package dev.meridian.edge.cache.disk;

import dev.meridian.edge.cache.StreamingStore;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Streams one object into a temporary file while it arrives, then publishes it with an atomic
 * rename: until {@link #commit} returns, no reader can see any of it. A body that outgrows the
 * store's object limit, or a write that fails, quietly turns the writer into a no-op (the response
 * still reaches the client from the origin), and the temporary file is removed.
 * One thread at a time.
 */
public final class DiskObjectWriter implements StreamingStore, Closeable {
    private final OpenStore store;
    private final String key;
    private final List<String> tags;
    private final long fileId;
    private final Path temp;
    private final long maxBody;
    private final CRC32C crc = new CRC32C();
    private WritableByteChannel channel;
    private final long headerBytes;
    private long bodyBytes;
    private boolean finished;

    DiskObjectWriter(OpenStore store, String key, List<String> tags, long fileId, Path temp, WritableByteChannel channel,
                     long headerBytes, long maxBody) {
        this.store = store;
        this.key = key;
        this.tags = List.copyOf(tags);
        this.fileId = fileId;
        this.temp = temp;
        this.channel = channel;
        this.headerBytes = headerBytes;
        this.maxBody = maxBody;
    }

    public String key() {
        return key;
    }

    /** The object's tags, for the index (see {@link DiskIndex}). */
    List<String> tags() {
        return tags;
    }

    /** Whether the writer still accepts bytes (false once it gave up or finished). */
    public boolean active() {
        return !finished;
    }

    /** Appends (consumes) body bytes; returns false (and from then on ignores writes) if the object will not be stored. */
    @Override
    public boolean write(ByteBuffer src) {
        if (finished) {
            return false;
        }
        if (bodyBytes + src.remaining() > maxBody) {
            discard();
            return false;
        }
        crc.update(src.duplicate());
        try {
            while (src.hasRemaining()) {
                bodyBytes += channel.write(src);
            }
            return true;
        } catch (IOException e) {
            fail("writing " + key, e);
            return false;
        }
    }

    public boolean write(byte[] bytes, int offset, int length) {
        return write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Publishes the object; returns whether it is now stored. */
    @Override
    public boolean commit() {
        return commit(() -> true);
    }

    /**
     * Publishes the object unless {@code stillWanted} says otherwise once it is in the index: a purge
     * that raced this fill then removes it again, so purged content never comes back.
     */
    public boolean commit(BooleanSupplier stillWanted) {
        if (finished) {
            return false;
        }
        int bodyCrc = (int) crc.getValue();
        try {
            ByteBuffer trailer = ObjectFile.trailer(bodyBytes, bodyCrc);
            while (trailer.hasRemaining()) {
                channel.write(trailer);
            }
            channel.close();
        } catch (IOException e) {
            fail("finishing " + key, e);
            return false;
        }
        finished = true;
        long fileSize = headerBytes + bodyBytes + ObjectFile.TRAILER_SIZE;
        return store.publish(this, fileId, temp, fileSize, stillWanted);
    }

    /** Drops the object: nothing becomes visible. Safe to call at any time, and again. */
    @Override
    public void abort() {
        discard();
    }

    @Override
    public void close() {
        discard();
    }

    private void fail(String what, IOException e) {
        discard();
        store.writeFailed(what, e);
    }

    private void discard() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next; a failed close changes nothing
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // left for the startup sweep, which clears temporary files of earlier runs
        }
    }
}
