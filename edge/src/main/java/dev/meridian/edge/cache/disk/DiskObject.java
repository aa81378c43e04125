package dev.meridian.edge.cache.disk;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One object read from the disk store whose length and checksums were verified just now. It holds
 * the file open: the body is sent from it (zero-copy with {@link #channel()} and
 * {@link #bodyOffset()}) or read as a stream, and the holder must close it. A purge or eviction
 * meanwhile unlinks the file but cannot pull it from under an open handle.
 */
public final class DiskObject implements Closeable {
    private final String key;
    private final byte[] meta;
    private final FileChannel channel;
    private final long bodyOffset;
    private final long bodyLength;
    private final boolean stale;
    final int bodyCrc;

    DiskObject(String key, byte[] meta, FileChannel channel, long bodyOffset, long bodyLength, int bodyCrc, boolean stale) {
        this.key = key;
        this.meta = meta;
        this.channel = channel;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
        this.bodyCrc = bodyCrc;
        this.stale = stale;
    }

    public String key() {
        return key;
    }

    /** What the writer stored beside the body (the edge keeps the response head here). */
    public byte[] meta() {
        return meta.clone();
    }

    /** Soft-purged: valid bytes, but they must be revalidated with the origin before use. */
    public boolean stale() {
        return stale;
    }

    public long bodyLength() {
        return bodyLength;
    }

    /** The open file, for zero-copy transfer of {@code [bodyOffset, bodyOffset + bodyLength)}. */
    public FileChannel channel() {
        return channel;
    }

    public long bodyOffset() {
        return bodyOffset;
    }

    /** The whole body on the heap: only for bodies small enough to be promoted to the memory tier. */
    public byte[] readBody() throws IOException {
        if (bodyLength > Integer.MAX_VALUE - 16) {
            throw new IOException("body too large to read whole: " + bodyLength);
        }
        ByteBuffer b = ByteBuffer.allocate((int) bodyLength);
        while (b.hasRemaining()) {
            if (channel.read(b, bodyOffset + b.position()) < 0) {
                throw new IOException("object file ended early");
            }
        }
        return b.array();
    }

    /** A stream over part of the body; closing it does not close this object. */
    public InputStream bodyStream(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > bodyLength) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside body of " + bodyLength);
        }
        return new InputStream() {
            private long pos = bodyOffset + offset;
            private final long end = pos + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= end) {
                    return -1;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
                if (n < 0) {
                    throw new IOException("object file ended early");
                }
                pos += n;
                return n;
            }
        };
    }

    /** The whole body as a stream. */
    public InputStream bodyStream() {
        return bodyStream(0, bodyLength);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "DiskObject[" + key + ", " + bodyLength + " bytes" + (stale ? ", stale" : "") + "]";
    }
}
