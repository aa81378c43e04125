package dev.meridian.edge.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A raw-socket HTTP/1.1 origin that keeps connections alive and closes each one once it has been idle
 * for {@code idleCloseMillis} (0: never), as Node.js and Apache do after their keep-alive timeout. It
 * answers every request 200 (or as told) with {@code METHOD PATH BODY-LENGTH} and the body it received, and, when
 * told, announces {@code Keep-Alive: timeout=N}, adds header fields or answers chunked. It accepts a
 * body with any method (GET included, which MockWebServer refuses). It reports what it received and
 * which connections it closed, so tests can wait for the close rather than sleep. Over TLS, when
 * given a context: closing a connection then sends a close_notify alert, as real servers do.
 */
final class IdleClosingOrigin implements AutoCloseable {
    private final ServerSocket server;
    private final int idleCloseMillis;
    private final String keepAlive;
    /** Null for plain http. */
    private final SSLContext tls;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedIdle = new AtomicInteger();
    private final AtomicInteger closedByPeer = new AtomicInteger();
    private volatile long lastResponseNanos = System.nanoTime();
    /** Each request received whole: {@code METHOD PATH BODY-LENGTH}. */
    final Queue<String> received = new ConcurrentLinkedQueue<>();
    /** Header fields added to every response, each ending in CRLF. */
    volatile String extraFields = "";
    volatile boolean chunkedResponses;
    /** The status every response carries. */
    volatile int status = 200;
    /** A path whose response stops partway through its head, the connection then closed; null: none. */
    volatile String cutShortPath;

    /**
     * @param idleCloseMillis close a connection idle this long (0: never)
     * @param keepAlive       the Keep-Alive field to send, or null for none
     */
    IdleClosingOrigin(int idleCloseMillis, String keepAlive) throws IOException {
        this(idleCloseMillis, keepAlive, 0, null);
    }

    /**
     * @param port the port to listen on (0: any), e.g. that of an origin that was stopped, to bring it back
     * @param tls  serves https with this context's certificate (one for {@code localhost}); null: http
     */
    IdleClosingOrigin(int idleCloseMillis, String keepAlive, int port, SSLContext tls) throws IOException {
        this.tls = tls;
        this.server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.idleCloseMillis = idleCloseMillis;
        this.keepAlive = keepAlive;
        Thread acceptor = new Thread(this::acceptLoop, "idle-closing-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return tls == null ? "http://127.0.0.1:" + server.getLocalPort() : "https://localhost:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Connections this origin closed because they sat idle. */
    int closedIdle() {
        return closedIdle.get();
    }

    /** Connections the other side (the edge) closed. */
    int closedByPeer() {
        return closedByPeer.get();
    }

    int openConnections() {
        return open.size();
    }

    long millisSinceLastResponse() {
        return (System.nanoTime() - lastResponseNanos) / 1_000_000;
    }

    List<String> receivedFor(String path) {
        return received.stream().filter(r -> r.split(" ")[1].equals(path)).toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "idle-closing-origin-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(idleCloseMillis);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String requestLine;
                try {
                    requestLine = line(in);
                } catch (SocketTimeoutException e) {
                    closedIdle.incrementAndGet();
                    return;
                }
                if (requestLine == null) {
                    closedByPeer.incrementAndGet();
                    return;
                }
                long contentLength = 0;
                boolean chunked = false;
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    String lower = h.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        contentLength = Long.parseLong(lower.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                byte[] requestBody = chunked ? readChunked(in) : in.readNBytes((int) contentLength);
                String[] parts = requestLine.split(" ");
                String summary = parts[0] + " " + parts[1] + " " + requestBody.length;
                received.add(summary);
                if (parts[1].equals(cutShortPath)) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Ty".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                byte[] answer = (summary + " " + new String(requestBody, StandardCharsets.UTF_8)).trim()
                        .getBytes(StandardCharsets.UTF_8);
                boolean inChunks = chunkedResponses;
                String head = "HTTP/1.1 " + status + " Status\r\nContent-Type: text/plain\r\n"
                        + (inChunks ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + answer.length + "\r\n")
                        + (keepAlive == null ? "" : "Keep-Alive: " + keepAlive + "\r\n") + extraFields + "\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                if (!parts[0].equals("HEAD")) {
                    out.write(inChunks ? chunks(answer) : answer);
                }
                out.flush();
                lastResponseNanos = System.nanoTime();
            }
        } catch (IOException e) {
            closedByPeer.incrementAndGet();
        } finally {
            open.remove(s);
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailer fields
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    /** The body in chunks of up to 5 bytes, so that a reader must put chunks together. */
    private static byte[] chunks(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += 5) {
            int n = Math.min(5, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A CRLF-terminated line, or null at the end of the stream before any byte of it. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        if (buf.size() == 0) {
            return null;
        }
        throw new IOException("stream ended inside a line");
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
