package dev.meridian.edge.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A deliberately small HTTP/2 client over TLS that writes frames by hand, so tests can send what no
 * well-behaved client would (floods, resets), and keep one connection open across a reload.
 */
final class RawHttp2 implements AutoCloseable {
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int CONTINUATION = 0x9;
    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket tcp;
    private final SSLSocket socket;
    private final OutputStream out;
    private final DataInputStream in;

    record Frame(int type, int flags, int stream, byte[] payload) {
    }

    RawHttp2(InetSocketAddress server, String serverName) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        tcp = new Socket(server.getAddress(), server.getPort());
        socket = (SSLSocket) tls.getSocketFactory().createSocket(tcp, serverName, server.getPort(), true);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            throw new IOException("the server did not choose h2 by ALPN: " + socket.getApplicationProtocol());
        }
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write(PREFACE);
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    X509Certificate peerCertificate() throws Exception {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        byte[] frame = new byte[head.length + payload.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(payload, 0, frame, head.length, payload.length);
        out.write(frame);
    }

    /** {@code count} copies of one frame, to write in bulk with {@link #raw}. */
    static byte[] repeated(int count, int type, int flags, int stream, byte[] payload) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        byte[] head = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        for (int i = 0; i < count; i++) {
            frames.writeBytes(head);
            frames.writeBytes(payload);
        }
        return frames.toByteArray();
    }

    /** Bytes as they are, for frames written in bulk. */
    void raw(byte[] frames) throws IOException {
        out.write(frames);
    }

    /** A GET's header block in HPACK without compression: static-table method and scheme, literal path and authority. */
    static byte[] get(String authority, String path) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x82); // :method GET
        block.write(0x87); // :scheme https
        literal(block, 4, path); // :path, name from the static table, not indexed
        literal(block, 1, authority); // :authority
        return block.toByteArray();
    }

    /** A header field with a new name, not indexed: {@code 0x00, name, value}. */
    static byte[] header(String name, String value) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0);
        string(block, name);
        string(block, value);
        return block.toByteArray();
    }

    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        block.write(nameIndex);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        integer(block, bytes.length);
        block.writeBytes(bytes);
    }

    /** RFC 7541 5.1 with a 7-bit prefix and no Huffman flag. */
    private static void integer(ByteArrayOutputStream block, int value) {
        if (value < 127) {
            block.write(value);
            return;
        }
        block.write(127);
        int rest = value - 127;
        while (rest >= 128) {
            block.write((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        block.write(rest);
    }

    /** The next frame, or null once the server closed the connection. */
    Frame read() throws IOException {
        byte[] head = new byte[9];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            return null;
        }
        int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
        int stream = ((head[5] & 0x7f) << 24) | ((head[6] & 0xff) << 16) | ((head[7] & 0xff) << 8) | (head[8] & 0xff);
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(head[3] & 0xff, head[4] & 0xff, stream, payload);
    }

    /** GETs a path on a new stream and returns the body, answering nothing else the server sends. */
    String fetch(int stream, String authority, String path) throws IOException {
        frame(HEADERS, END_STREAM | END_HEADERS, stream, get(authority, path));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            Frame f = read();
            if (f == null) {
                throw new EOFException("connection closed before stream " + stream + " ended");
            }
            if (f.type() == SETTINGS && (f.flags() & ACK) == 0) {
                frame(SETTINGS, ACK, 0, new byte[0]);
            }
            if (f.stream() != stream) {
                continue;
            }
            if (f.type() == DATA) {
                body.writeBytes(f.payload());
            }
            if (f.type() == RST_STREAM) {
                throw new IOException("stream " + stream + " reset");
            }
            if ((f.type() == DATA || f.type() == HEADERS) && (f.flags() & END_STREAM) != 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Reads until the server ends the connection: its GOAWAY's error code (RFC 9113 7), or -1 when it
     * closed without one.
     */
    int awaitGoAway() throws IOException {
        try {
            for (Frame f = read(); f != null; f = read()) {
                if (f.type() == GOAWAY) {
                    byte[] p = f.payload();
                    return ((p[4] & 0xff) << 24) | ((p[5] & 0xff) << 16) | ((p[6] & 0xff) << 8) | (p[7] & 0xff);
                }
            }
        } catch (SocketException e) {
            // Reset by the server: closed without a GOAWAY we could read.
        }
        return -1;
    }

    /** Drops the connection at once, even while a write is blocked (which {@link #close()} would wait for). */
    void abort() throws IOException {
        tcp.setSoLinger(true, 0);
        tcp.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The tests check which certificate was served themselves. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
