package dev.meridian.edge.pagecheck;

import dev.meridian.uplink.wire.PageComponent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches URLs the way a browser would, but always from this POP: every connection goes to the POP's own
 * listener for the URL's scheme, whatever the hostname resolves to elsewhere, with the hostname in
 * {@code Host} and in TLS's SNI. So a check measures this POP, and can reach nothing but this POP. No
 * connection is reused, so each component's connect time is its own.
 */
final class PageLoader implements AutoCloseable {
    private final InetSocketAddress http;
    private final InetSocketAddress https;
    private final OkHttpClient plain;
    private final OkHttpClient secure;

    PageLoader(InetSocketAddress http, InetSocketAddress https, Duration perFetch) {
        this.http = http;
        this.https = https;
        OkHttpClient base = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .callTimeout(perFetch)
                .build();
        this.plain = pinned(base, http);
        this.secure = https == null ? null : pinned(base, https);
    }

    private static OkHttpClient pinned(OkHttpClient base, InetSocketAddress listener) {
        return base.newBuilder()
                .dns(host -> List.of(listener.getAddress()))
                .socketFactory(new PinnedSockets(listener))
                .build();
    }

    /** A fetched URL: what a report shows, and the body's first bytes when asked to keep them. */
    record Fetched(PageComponent component, byte[] kept, String contentType) {
    }

    /** Fetches {@code url}, keeping up to {@code keep} bytes of the body and reading at most {@code max}. */
    Fetched fetch(URI url, int keep, long max) {
        boolean tls = url.getScheme().equals("https");
        InetSocketAddress listener = tls ? https : http;
        String ip = listener == null ? null : listener.getAddress().getHostAddress();
        if (listener == null) {
            return new Fetched(failed(url, null, "this POP has no HTTPS listener", 0, 0), new byte[0], null);
        }
        Timings timings = new Timings();
        long start = System.nanoTime();
        Request request = new Request.Builder().url(url.toString())
                .header("User-Agent", "Mozilla/5.0 (compatible; Meridian-PageCheck/1.0)")
                .header("Accept", "text/html,application/xhtml+xml,image/avif,image/webp,*/*;q=0.8")
                .header("Accept-Encoding", "identity")
                .build();
        OkHttpClient client = (tls ? secure : plain).newBuilder().eventListener(timings).build();
        try (Response response = client.newCall(request).execute()) {
            long headers = timings.firstByte > 0 ? timings.firstByte : System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] kept = new byte[0];
            long length = 0;
            String error = null;
            try (InputStream body = response.body().byteStream()) {
                byte[] buffer = new byte[16 * 1024];
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                for (int n; (n = body.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    if (head.size() < keep) {
                        head.write(buffer, 0, Math.min(n, keep - head.size()));
                    }
                    length += n;
                    if (length > max) {
                        error = "larger than " + max + " bytes: not read further";
                        break;
                    }
                }
                kept = head.toByteArray();
            }
            long end = System.nanoTime();
            return new Fetched(new PageComponent(url.toString(), ip, error, response.code(), length,
                    HexFormat.of().formatHex(sha.digest()), -1, millis(start, timings.connected),
                    millis(start, headers), millis(headers, end), millis(start, end)), kept,
                    response.header("Content-Type"));
        } catch (IOException e) {
            return new Fetched(failed(url, ip, e.getMessage() == null ? e.toString() : e.getMessage(), start,
                    timings.connected), new byte[0], null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A component that was not (or not completely) fetched, with the steps that did happen. */
    static PageComponent failed(URI url, String ip, String error, long start, long connected) {
        long now = System.nanoTime();
        return new PageComponent(url.toString(), ip, error, 0, 0, null, -1,
                start == 0 ? -1 : millis(start, connected), -1, -1, start == 0 ? -1 : millis(start, now));
    }

    private static long millis(long from, long to) {
        return to <= 0 || from <= 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    @Override
    public void close() {
        plain.dispatcher().executorService().shutdown();
        plain.connectionPool().evictAll();
    }

    /** When one call connected and when its response began. */
    private static final class Timings extends EventListener {
        volatile long connected;
        volatile long firstByte;

        @Override
        public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
            connected = System.nanoTime();
        }

        @Override
        public void responseHeadersStart(Call call) {
            firstByte = System.nanoTime();
        }
    }

    /** Plain sockets that connect to the POP's listener whatever address they are asked for. */
    private static final class PinnedSockets extends SocketFactory {
        private final InetSocketAddress listener;

        PinnedSockets(InetSocketAddress listener) {
            this.listener = listener;
        }

        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    super.connect(listener, timeout);
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected();
        }

        private Socket connected() throws IOException {
            Socket socket = createSocket();
            socket.connect(listener);
            return socket;
        }
    }
}
