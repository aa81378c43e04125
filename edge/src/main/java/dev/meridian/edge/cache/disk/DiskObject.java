package dev.meridian.edge.cache.disk;

import java.nio.ByteBuffer;

/**
 * One object read from the disk store, its length and checksums verified just now. A body above
 * 64 KiB is a read-only mapping of the file: it is sent from the page cache and never copied onto
 * the heap, and stays readable even if a purge or eviction unlinks the file meanwhile.
 */
public final class DiskObject {
    private final String key;
    private final byte[] meta;
    private final ByteBuffer body;
    private final boolean stale;

    DiskObject(String key, byte[] meta, ByteBuffer body, boolean stale) {
        this.key = key;
        this.meta = meta;
        this.body = body;
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

    /** A read-only view of the whole body, position 0. */
    public ByteBuffer body() {
        return body.duplicate();
    }

    public long bodyLength() {
        return body.remaining();
    }

    /** Whether the body is mapped from the file rather than held on the heap. */
    public boolean mapped() {
        return body.isDirect();
    }

    @Override
    public String toString() {
        return "DiskObject[" + key + ", " + body.remaining() + " bytes" + (stale ? ", stale" : "") + "]";
    }
}
