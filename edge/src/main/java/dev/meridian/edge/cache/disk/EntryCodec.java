package dev.meridian.edge.cache.disk;

import dev.meridian.edge.cache.CacheEntry;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.VaryIndex;
import dev.meridian.edge.http.HeaderField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a cache entry as the disk store keeps it beside the body: for a response its status,
 * stored header fields, when it was received and how old it was then (so a restarted POP serves it
 * with the right Age and freshness); for a Vary index its header names and variant keys.
 */
final class EntryCodec {
    private static final byte VERSION = 1;
    private static final byte RESPONSE = 1;
    private static final byte VARY_INDEX = 2;

    private EntryCodec() {
    }

    static byte[] encode(CacheEntry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(VERSION);
        if (entry instanceof CachedResponse r) {
            out.writeByte(RESPONSE);
            out.writeShort(r.status());
            out.writeLong(r.responseTime());
            out.writeLong(r.ageMillis(r.responseTime()));
            out.writeLong(r.defaultTtl().toMillis());
            out.writeInt(r.headerCount());
            for (int i = 0; i < r.headerCount(); i++) {
                out.writeUTF(r.headerName(i).toString());
                out.writeUTF(r.headerValue(i));
            }
        } else if (entry instanceof VaryIndex v) {
            out.writeByte(VARY_INDEX);
            out.writeInt(v.names().size());
            for (String n : v.names()) {
                out.writeUTF(n);
            }
            out.writeInt(v.variantKeys().size());
            for (String k : v.variantKeys()) {
                out.writeUTF(k);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** @throws IOException when the head is not one this codec wrote */
    static CacheEntry decode(byte[] meta, ByteBuffer body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(meta));
        if (in.readByte() != VERSION) {
            throw new IOException("unknown entry version");
        }
        byte type = in.readByte();
        if (type == RESPONSE) {
            int status = in.readShort();
            long responseTime = in.readLong();
            long initialAgeMillis = in.readLong();
            Duration defaultTtl = Duration.ofMillis(in.readLong());
            int n = in.readInt();
            List<HeaderField> headers = new ArrayList<>(checkCount(n) + 1);
            for (int i = 0; i < n; i++) {
                headers.add(new HeaderField(in.readUTF(), in.readUTF()));
            }
            // The age it had when received, as an Age field with no request delay on top, so the
            // response ages on from exactly where it was (to the second, as Age is sent).
            headers.add(new HeaderField("Age", Long.toString(initialAgeMillis / 1000)));
            return new CachedResponse(status, headers, body, responseTime, responseTime, defaultTtl);
        }
        if (type == VARY_INDEX) {
            int n = in.readInt();
            List<String> names = new ArrayList<>(checkCount(n));
            for (int i = 0; i < n; i++) {
                names.add(in.readUTF());
            }
            int k = in.readInt();
            List<String> keys = new ArrayList<>(checkCount(k));
            for (int i = 0; i < k; i++) {
                keys.add(in.readUTF());
            }
            return new VaryIndex(names, keys);
        }
        throw new IOException("unknown entry type " + type);
    }

    private static int checkCount(int n) throws IOException {
        if (n < 0 || n > 10_000) {
            throw new IOException("implausible count " + n);
        }
        return n;
    }
}
