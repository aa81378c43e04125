package dev.meridian.edge.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A raw-socket HTTP/1.1 origin, plain or over TLS, that answers every request with {@code 103 Early Hints} (two Links to
 * preload, {@link #HINT} and {@link #SECOND_HINT}) and then {@code 200} with {@code hello <path>},
 * cacheable for a minute; a path under {@code /big/} gets {@link #BIG_BODY} bytes of {@code x} instead.
 * MockWebServer 4 cannot send an interim response (it keeps them but never writes them).
 */
final class EarlyHintsOrigin implements AutoCloseable {
    static final String HINT = "</style.css>; rel=preload; as=style";
    static final String SECOND_HINT = "</app.js>; rel=preload; as=script";
    /** More than HTTP/2's initial flow-control window (65,535 bytes), several times over. */
    static final int BIG_BODY = 300_000;

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newFixedThreadPool(4);
    private final AtomicInteger requests = new AtomicInteger();

    /** Null for plain http. */
    private final SSLContext tls;

    EarlyHintsOrigin() throws IOException {
        this(null);
    }

    /** Over TLS with {@code tls}'s certificate (one for {@code localhost}), when not null. */
    EarlyHintsOrigin(SSLContext tls) throws IOException {
        this.tls = tls;
        server = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    String url() {
        return tls == null ? "http://127.0.0.1:" + server.getLocalPort() : "https://localhost:" + server.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            String requestLine;
            while ((requestLine = in.readLine()) != null) {
                long length = 0;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Long.parseLong(line.substring("content-length:".length()).trim());
                    }
                }
                // ISO-8859-1: one char a byte.
                while (length > 0 && in.read() >= 0) {
                    length--;
                }
                requests.incrementAndGet();
                String path = requestLine.split(" ")[1];
                out.write(("HTTP/1.1 103 Early Hints\r\nLink: " + HINT + "\r\nLink: " + SECOND_HINT + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                byte[] body = path.startsWith("/big/") ? "x".repeat(BIG_BODY).getBytes(StandardCharsets.US_ASCII)
                        : ("hello " + path).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // The edge closed the connection.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
