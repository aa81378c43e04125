package dev.meridian.edge.cache.disk;

import dev.meridian.edge.cache.Bodies;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of one object file, written front to back in a single pass so a body of unknown
 * length can stream straight from the origin to disk:
 *
 * <pre>
 * header:  magic "MDO1" | key length (int) | meta length (int) | key (UTF-8) | meta | CRC32C of all before
 * body:    the response body, as received
 * trailer: body length (long) | CRC32C of body (int) | magic "MDO."
 * </pre>
 *
 * A reader trusts nothing: the file length must agree with the index and with both lengths, the
 * key must be the one asked for, and both checksums must match. Anything else is {@link Corrupt}.
 */
final class ObjectFile {
    static final int MAGIC = 0x4D444F31;
    static final int END_MAGIC = 0x4D444F2E;
    static final int TRAILER_SIZE = 8 + 4 + 4;
    static final int MAX_META = 1 << 20;
    private static final int FIXED_HEADER = 4 + 4 + 4;
    private static final int MAX_KEY = 64 * 1024;
    /**
     * Below this a read beats a mapping (a system call and an address range to set up and tear
     * down); from here up the edge keeps bodies off the heap anyway ({@link Bodies}), and a mapping
     * goes to the socket without a heap-to-direct copy.
     */
    static final int HEAP_BODY_LIMIT = Bodies.DIRECT_THRESHOLD;

    private ObjectFile() {
    }

    static ByteBuffer header(String key, byte[] meta) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED_HEADER + k.length + meta.length + 4);
        b.putInt(MAGIC).putInt(k.length).putInt(meta.length).put(k).put(meta);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    static ByteBuffer trailer(long bodyLength, int bodyCrc) {
        return ByteBuffer.allocate(TRAILER_SIZE).putLong(bodyLength).putInt(bodyCrc).putInt(END_MAGIC).flip();
    }

    /**
     * The parsed, checked header and the body whose checksum matched.
     *
     * @param mapping the file mapping behind a mapped body, or null for a body read onto the heap
     */
    record Verified(byte[] meta, ByteBuffer body, MappedByteBuffer mapping) {
        /** Whether reading the body now needs no disk I/O (mincore: every page is in the page cache). */
        boolean resident() {
            return mapping == null || mapping.isLoaded();
        }
    }

    /**
     * Reads and checks the whole file. A body up to {@link #HEAP_BODY_LIMIT} is read onto the heap;
     * a larger one is memory-mapped, so it is checksummed and later sent from the page cache
     * without ever being copied into the JVM.
     */
    static Verified verify(FileChannel ch, String expectedKey, long expectedSize) throws IOException, Corrupt {
        long size = ch.size();
        if (size != expectedSize) {
            throw new Corrupt("length " + size + " where the index recorded " + expectedSize + " (torn or truncated)");
        }
        if (size < FIXED_HEADER + 4 + TRAILER_SIZE) {
            throw new Corrupt("too short to be an object (" + size + " bytes)");
        }
        ByteBuffer fixed = readFully(ch, 0, FIXED_HEADER);
        if (fixed.getInt() != MAGIC) {
            throw new Corrupt("bad magic");
        }
        int keyLen = fixed.getInt();
        int metaLen = fixed.getInt();
        if (keyLen < 0 || keyLen > MAX_KEY || metaLen < 0 || metaLen > MAX_META
                || FIXED_HEADER + (long) keyLen + metaLen + 4 + TRAILER_SIZE > size) {
            throw new Corrupt("impossible header lengths (key " + keyLen + ", meta " + metaLen + ")");
        }
        int headerLen = FIXED_HEADER + keyLen + metaLen + 4;
        ByteBuffer header = readFully(ch, 0, headerLen);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, headerLen - 4);
        if ((int) crc.getValue() != header.getInt(headerLen - 4)) {
            throw new Corrupt("header checksum mismatch");
        }
        String key = new String(header.array(), FIXED_HEADER, keyLen, StandardCharsets.UTF_8);
        if (!key.equals(expectedKey)) {
            throw new Corrupt("holds key " + key);
        }
        ByteBuffer trailer = readFully(ch, size - TRAILER_SIZE, TRAILER_SIZE);
        long bodyLength = trailer.getLong();
        int bodyCrc = trailer.getInt();
        if (trailer.getInt() != END_MAGIC || bodyLength != size - headerLen - TRAILER_SIZE) {
            throw new Corrupt("bad trailer (torn write)");
        }
        MappedByteBuffer mapping = bodyLength <= HEAP_BODY_LIMIT ? null
                : ch.map(FileChannel.MapMode.READ_ONLY, headerLen, bodyLength);
        ByteBuffer body = mapping == null ? readFully(ch, headerLen, (int) bodyLength) : mapping;
        crc.reset();
        crc.update(body.duplicate());
        if ((int) crc.getValue() != bodyCrc) {
            throw new Corrupt("body checksum mismatch");
        }
        byte[] meta = new byte[metaLen];
        System.arraycopy(header.array(), FIXED_HEADER + keyLen, meta, 0, metaLen);
        return new Verified(meta, body.asReadOnlyBuffer(), mapping);
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException, Corrupt {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new Corrupt("ends early");
            }
        }
        return b.flip();
    }

    /** A file that must not be served: the message says why, for the log. */
    static final class Corrupt extends Exception {
        Corrupt(String reason) {
            super(reason, null, false, false);
        }
    }
}
