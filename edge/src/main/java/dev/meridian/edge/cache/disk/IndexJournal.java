package dev.meridian.edge.cache.disk;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.meridian.edge.http.CacheTags;
import java.io.Closeable;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The store's index on disk: an append-only log of "object stored" (with the object's tags, when
 * it has any), "object removed" and "object soft-purged" records. Startup reads this one sequential file instead of opening a million object
 * files, which is what makes a restart with a large store fast. Each record carries its own
 * length and CRC32C, so a record torn by a crash ends the replay there and the tail is cut off.
 * The log is rewritten from the live index (coldest first, so a restart keeps recency order) when
 * it holds far more records than live objects, and on a clean shutdown.
 */
final class IndexJournal implements Closeable {
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte STALE = 3;
    /** A PUT followed by the response's tags; PUT stays for untagged objects and the logs of earlier versions. */
    private static final byte PUT_TAGGED = 4;
    private static final int MAX_RECORD = 1 + 8 + 8 + 4 + 64 * 1024 + 2 + CacheTags.MAX_TAGS * (2 + CacheTags.MAX_TAG_LENGTH);
    private static final int IO_BUFFER = 1 << 20;

    private final Path file;
    @GuardedBy("this")
    private FileChannel channel;
    @GuardedBy("this")
    private long records;

    private IndexJournal(Path file, FileChannel channel, long records) {
        this.file = file;
        this.channel = channel;
        this.records = records;
    }

    /** What a replay found: the live entries in log order, the highest file id, and whether the tail was torn. */
    record Replay(LinkedHashMap<Long, DiskEntry> live, long maxFileId, long records, boolean tornTail) {
    }

    /** Replays the log (creating it if missing), cuts off a torn tail, and opens it for appending. */
    static IndexJournal open(Path file, Replay[] replayOut) throws IOException {
        LinkedHashMap<Long, DiskEntry> live = new LinkedHashMap<>();
        long maxId = 0;
        long count = 0;
        long good = 0;
        boolean torn = false;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer buf = ByteBuffer.allocate(IO_BUFFER);
            long readPos = 0;
            CRC32C crc = new CRC32C();
            boolean eof = false;
            while (true) {
                if (!eof && buf.remaining() > 0) {
                    int n = ch.read(buf, readPos);
                    if (n < 0) {
                        eof = true;
                    } else {
                        readPos += n;
                    }
                }
                buf.flip();
                int progress = 0;
                while (buf.remaining() >= 4) {
                    int start = buf.position();
                    int len = buf.getInt(start);
                    if (len < 9 || len > MAX_RECORD) {
                        torn = true;
                        break;
                    }
                    if (buf.remaining() < 4 + len + 4) {
                        break;
                    }
                    crc.reset();
                    crc.update(buf.array(), start + 4, len);
                    if ((int) crc.getValue() != buf.getInt(start + 4 + len)) {
                        torn = true;
                        break;
                    }
                    buf.position(start + 4);
                    try {
                        maxId = Math.max(maxId, apply(buf, len, live));
                    } catch (BufferUnderflowException | IllegalArgumentException e) {
                        torn = true;
                        buf.position(start);
                        break;
                    }
                    buf.position(start + 4 + len + 4);
                    good += 4 + len + 4;
                    count++;
                    progress++;
                }
                if (torn) {
                    break;
                }
                buf.compact();
                if (eof && progress == 0) {
                    torn = buf.position() > 0;
                    break;
                }
            }
            if (good < ch.size()) {
                torn = true;
                ch.truncate(good);
            }
            ch.position(good);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        replayOut[0] = new Replay(live, maxId, count, torn);
        return new IndexJournal(file, ch, count);
    }

    private static long apply(ByteBuffer buf, int len, LinkedHashMap<Long, DiskEntry> live) {
        byte type = buf.get();
        long id = buf.getLong();
        switch (type) {
            case PUT, PUT_TAGGED -> {
                long size = buf.getLong();
                int keyLen = buf.getInt();
                int end = buf.position() - 21 + len;
                if (keyLen < 0 || (type == PUT ? keyLen != len - 21 : keyLen > len - 21 - 2)) {
                    throw new IllegalArgumentException("key length");
                }
                String key = new String(buf.array(), buf.position(), keyLen, StandardCharsets.UTF_8);
                buf.position(buf.position() + keyLen);
                List<String> tags = type == PUT ? List.of() : readTags(buf, end);
                DiskEntry previous = live.get(id);
                live.put(id, new DiskEntry(key, id, size, previous != null && previous.stale, tags));
            }
            case DELETE -> live.remove(id);
            case STALE -> {
                DiskEntry e = live.get(id);
                if (e != null) {
                    e.stale = true;
                }
            }
            default -> throw new IllegalArgumentException("record type " + type);
        }
        return id;
    }

    private static List<String> readTags(ByteBuffer buf, int end) {
        int n = buf.getShort();
        if (n < 0 || n > CacheTags.MAX_TAGS) {
            throw new IllegalArgumentException("tag count");
        }
        List<String> tags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tagLen = buf.getShort();
            if (tagLen <= 0 || buf.position() + tagLen > end) {
                throw new IllegalArgumentException("tag length");
            }
            tags.add(new String(buf.array(), buf.position(), tagLen, StandardCharsets.US_ASCII));
            buf.position(buf.position() + tagLen);
        }
        if (buf.position() != end) {
            throw new IllegalArgumentException("record length");
        }
        return tags;
    }

    synchronized void put(DiskEntry e) throws IOException {
        append(encodePut(e));
        if (e.stale) {
            append(encodeShort(STALE, e.fileId));
        }
    }

    synchronized void delete(long fileId) throws IOException {
        append(encodeShort(DELETE, fileId));
    }

    /** One write for many removals: a purge of a thousand objects costs one system call here. */
    synchronized void deleteAll(long[] fileIds) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(fileIds.length * 17);
        for (long id : fileIds) {
            all.put(encodeShort(DELETE, id));
        }
        writeFully(channel, all.flip());
        records += fileIds.length;
    }

    synchronized void stale(long fileId) throws IOException {
        append(encodeShort(STALE, fileId));
    }

    synchronized long records() {
        return records;
    }

    /**
     * Replaces the log with one PUT per live entry, written to a temporary file and renamed over
     * the old log, so a crash mid-way leaves the old, complete log in place. Appends wait meanwhile;
     * any that raced the snapshot are replayed idempotently (a DELETE of an unknown id is a no-op).
     */
    synchronized void rewrite(Iterable<DiskEntry> liveColdestFirst) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        long count = 0;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(IO_BUFFER);
            for (DiskEntry e : liveColdestFirst) {
                for (ByteBuffer rec : e.stale ? new ByteBuffer[] {encodePut(e), encodeShort(STALE, e.fileId)}
                        : new ByteBuffer[] {encodePut(e)}) {
                    if (buf.remaining() < rec.remaining()) {
                        writeFully(out, buf.flip());
                        buf.clear();
                    }
                    buf.put(rec);
                    count++;
                }
            }
            writeFully(out, buf.flip());
            out.force(true);
        }
        channel.close();
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
        records = count;
    }

    @GuardedBy("this")
    private void append(ByteBuffer record) throws IOException {
        writeFully(channel, record);
        records++;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static ByteBuffer encodePut(DiskEntry e) {
        byte[] key = e.key.getBytes(StandardCharsets.UTF_8);
        int tagBytes = e.tags.isEmpty() ? 0 : 2 + e.tags.stream().mapToInt(t -> 2 + t.length()).sum();
        int len = 1 + 8 + 8 + 4 + key.length + tagBytes;
        ByteBuffer b = ByteBuffer.allocate(4 + len + 4);
        b.putInt(len).put(e.tags.isEmpty() ? PUT : PUT_TAGGED).putLong(e.fileId).putLong(e.fileSize).putInt(key.length).put(key);
        if (!e.tags.isEmpty()) {
            // Tags are visible ASCII (CacheTags.valid), one byte a character.
            b.putShort((short) e.tags.size());
            for (String t : e.tags) {
                b.putShort((short) t.length()).put(t.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return seal(b, len);
    }

    private static ByteBuffer encodeShort(byte type, long fileId) {
        ByteBuffer b = ByteBuffer.allocate(4 + 9 + 4);
        b.putInt(9).put(type).putLong(fileId);
        return seal(b, 9);
    }

    private static ByteBuffer seal(ByteBuffer b, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 4, len);
        return b.putInt((int) crc.getValue()).flip();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
