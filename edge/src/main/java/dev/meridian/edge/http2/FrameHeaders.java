package dev.meridian.edge.http2;

import java.nio.ByteBuffer;

/**
 * Follows the frames of the bytes a client sends on an HTTP/2 connection (RFC 9113 3.4, 4.1): skips
 * the connection preface, then reads each 9-byte frame header and skips its payload. Fed the bytes in
 * whatever pieces they are read; only looks at them. Undertow's parser judges the frames themselves.
 */
final class FrameHeaders {
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int CONTINUATION = 0x9;
    /** END_STREAM on DATA and HEADERS; ACK on SETTINGS and PING. */
    static final int END_STREAM_OR_ACK = 0x1;
    static final int END_HEADERS = 0x4;

    /** {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}. */
    private static final int PREFACE_BYTES = 24;
    private static final int HEADER_BYTES = 9;

    /** Told of each frame as its header has been read; answers whether to go on. */
    @FunctionalInterface
    interface Listener {
        boolean frame(int type, int flags, int length);
    }

    private final byte[] header = new byte[HEADER_BYTES];
    private int headerRead;
    /** Bytes still to pass over: the preface, then each frame's payload. */
    private long skip = PREFACE_BYTES;

    /**
     * The next bytes of the connection, {@code bytes}' remaining ones (its position is left as is).
     *
     * @return false once {@code listener} said stop (the rest of the bytes are then not looked at)
     */
    boolean feed(ByteBuffer bytes, Listener listener) {
        int i = bytes.position();
        int end = bytes.limit();
        while (i < end) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - i);
                skip -= n;
                i += n;
                continue;
            }
            header[headerRead++] = bytes.get(i++);
            if (headerRead == HEADER_BYTES) {
                headerRead = 0;
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                skip = length;
                if (!listener.frame(header[3] & 0xff, header[4] & 0xff, length)) {
                    return false;
                }
            }
        }
        return true;
    }
}
