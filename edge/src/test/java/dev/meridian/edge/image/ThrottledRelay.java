package dev.meridian.edge.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay in front of the edge that passes the edge's responses on at a fixed byte rate, with
 * small socket buffers so the edge feels the slow client (requests pass unthrottled). A rate of 0
 * means unlimited.
 */
final class ThrottledRelay implements AutoCloseable {
    private static final int CHUNK = 1024;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long bytesPerSecond;
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();

    ThrottledRelay(InetSocketAddress target, long bytesPerSecond) throws IOException {
        this.target = target;
        this.bytesPerSecond = bytesPerSecond;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.setReceiveBufferSize(8 * 1024);
                upstream.connect(target);
                client.setSendBufferSize(8 * 1024);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, 0);
                pump(upstream, client, bytesPerSecond);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long rate) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            long start = System.nanoTime();
            long sent = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (rate > 0) {
                        // Pace: the n bytes may go once the elapsed time allows sent + n at this rate.
                        long due = start + (sent + n) * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    out.write(buf, 0, n);
                    sent += n;
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(ThrottledRelay::closeQuietly);
    }
}
