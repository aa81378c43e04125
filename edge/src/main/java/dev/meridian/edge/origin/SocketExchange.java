package dev.meridian.edge.origin;

import dev.meridian.core.config.OriginConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Okio;

/**
 * One HTTP/1.1 exchange on a connection of its own, for what OkHttp will not send: a GET or HEAD
 * with a body (legal, and used by some search APIs). The connection is closed after the response
 * ({@code Connection: close}), so the response ends with it or by its own framing. Blocking.
 */
final class SocketExchange {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_FIELDS = 256;

    private SocketExchange() {
    }

    /**
     * Sends {@code request} with {@code body} and reads the response head; the response's body reads
     * from the connection, and closing the response closes it. The origin's total timeout covers the
     * exchange until the head has arrived.
     */
    static Response execute(OriginConfig origin, Request request, RequestBody body, ScheduledExecutorService deadlines,
                            SSLSocketFactory tlsSockets)
            throws IOException {
        HttpUrl url = request.url();
        Socket socket = connect(origin, url, tlsSockets);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            closeQuietly(socket);
        }, origin.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
        try {
            writeRequest(socket.getOutputStream(), request, body);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Response.Builder head = readHead(in, request);
            Response peek = head.body(ResponseBody.create(new byte[0], null)).build();
            InputStream content = bodyOf(peek, request.method(), in, socket);
            MediaType type = peek.header("Content-Type") == null ? null : MediaType.parse(peek.header("Content-Type"));
            long length = content instanceof Fixed f ? f.remaining : -1;
            return head.body(ResponseBody.create(Okio.buffer(Okio.source(content)), type, length)).build();
        } catch (IOException e) {
            closeQuietly(socket);
            throw expired.get() ? new InterruptedIOException("origin exceeded its total timeout") : e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static Socket connect(OriginConfig origin, HttpUrl url, SSLSocketFactory tlsSockets) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(url.host(), url.port()), (int) origin.connectTimeout().toMillis());
            plain.setSoTimeout((int) origin.readTimeout().toMillis());
            if (!url.isHttps()) {
                return plain;
            }
            SSLSocket tls = (SSLSocket) tlsSockets.createSocket(plain, url.host(), url.port(), true);
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!url.host().matches("[0-9.]+") && !url.host().contains(":")) {
                // A name, not an address literal: say which certificate the origin should present.
                params.setServerNames(List.of(new SNIHostName(url.host())));
            }
            tls.setSSLParameters(params);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    private static void writeRequest(OutputStream raw, Request request, RequestBody body) throws IOException {
        HttpUrl url = request.url();
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(url.encodedPath());
        if (url.encodedQuery() != null) {
            head.append('?').append(url.encodedQuery());
        }
        head.append(" HTTP/1.1\r\n");
        Headers headers = request.headers();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("connection")) {
                head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
            }
        }
        long length = body.contentLength();
        if (body.contentType() != null && headers.get("Content-Type") == null) {
            head.append("Content-Type: ").append(body.contentType()).append("\r\n");
        }
        head.append(length >= 0 ? "Content-Length: " + length : "Transfer-Encoding: chunked").append("\r\n");
        head.append("Connection: close\r\n\r\n");
        OutputStream out = new BufferedOutputStream(raw, 16 * 1024);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        BufferedSink sink = Okio.buffer(Okio.sink(length >= 0 ? out : new ChunkedOutput(out)));
        body.writeTo(sink);
        sink.flush();
        if (length < 0) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /** The final response's status line and fields (interim 1xx responses are skipped). */
    private static Response.Builder readHead(InputStream in, Request request) throws IOException {
        while (true) {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new EOFException("origin closed the connection before responding");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3
                    || !parts[1].chars().allMatch(Character::isDigit)) {
                throw new ProtocolException("not an HTTP/1.1 status line");
            }
            int code = Integer.parseInt(parts[1]);
            Headers.Builder fields = new Headers.Builder();
            int count = 0;
            for (String field = line(in); field != null && !field.isEmpty(); field = line(in)) {
                int colon = field.indexOf(':');
                if (colon <= 0 || field.charAt(0) == ' ' || field.charAt(0) == '\t' || ++count > MAX_FIELDS) {
                    throw new ProtocolException("malformed response header field");
                }
                fields.addUnsafeNonAscii(field.substring(0, colon).trim(), field.substring(colon + 1).trim());
            }
            if (code >= 100 && code < 200) {
                continue;
            }
            return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(code)
                    .message(parts.length > 2 ? parts[2] : "").headers(fields.build())
                    .sentRequestAtMillis(System.currentTimeMillis()).receivedResponseAtMillis(System.currentTimeMillis());
        }
    }

    /** The response body as its framing delimits it (RFC 9112 6.3); closing it closes the connection. */
    private static InputStream bodyOf(Response head, String method, InputStream in, Socket socket) throws IOException {
        int code = head.code();
        if (method.equals("HEAD") || code == 204 || code == 304) {
            return new Fixed(in, 0, socket);
        }
        String te = head.header("Transfer-Encoding");
        if (te != null) {
            if (!te.toLowerCase(Locale.ROOT).trim().endsWith("chunked")) {
                return new Closing(in, socket);
            }
            return new Chunked(in, socket);
        }
        String cl = head.header("Content-Length");
        if (cl != null) {
            try {
                return new Fixed(in, Long.parseLong(cl.trim()), socket);
            } catch (NumberFormatException e) {
                throw new ProtocolException("invalid Content-Length");
            }
        }
        return new Closing(in, socket);
    }

    /** A CRLF (or LF) terminated line, or null at the end of the stream before any byte of it. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (buf.size() >= MAX_LINE) {
                throw new ProtocolException("response line too long");
            }
            buf.write(b);
        }
        if (buf.size() == 0) {
            return null;
        }
        throw new EOFException("origin closed the connection inside a line");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already gone: nothing more to release.
        }
    }

    /** A body that ends when the connection does; closing it closes the connection. */
    private static class Closing extends FilterInputStream {
        private final Socket socket;

        Closing(InputStream in, Socket socket) {
            super(in);
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }

    /** A body of a declared length; one that ends short of it throws, so it never looks complete. */
    private static final class Fixed extends Closing {
        private long remaining;

        Fixed(InputStream in, long length, Socket socket) {
            super(in, socket);
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("origin body ended " + remaining + " bytes short of its Content-Length");
            }
            remaining -= n;
            return n;
        }
    }

    /** A chunked body, decoded; trailer fields are read and dropped. */
    private static final class Chunked extends Closing {
        private long remaining;
        private boolean first = true;
        private boolean done;

        Chunked(InputStream in, Socket socket) {
            super(in, socket);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                if (!first && !"".equals(line(in))) {
                    throw new ProtocolException("chunk not followed by CRLF");
                }
                first = false;
                String size = line(in);
                if (size == null) {
                    throw new EOFException("origin closed the connection inside a chunked body");
                }
                try {
                    remaining = Long.parseLong(size.split(";", 2)[0].trim(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("invalid chunk size");
                }
                if (remaining == 0) {
                    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // Trailer fields are not passed on.
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("origin closed the connection inside a chunk");
            }
            remaining -= n;
            return n;
        }
    }

    /** Writes what it is given as HTTP/1.1 chunks (the last, empty chunk is the caller's). */
    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b, off, len);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // The connection stays open for the response.
        }
    }
}
