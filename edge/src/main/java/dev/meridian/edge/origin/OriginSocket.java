package dev.meridian.edge.origin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * A plain socket to an origin that counts the bytes read from it and remembers when it last read
 * any. The count tells a failure on a reused connection that happened before any byte of the
 * response arrived (the origin had closed the idle connection: safe to send again) from one that
 * happened after (the origin may have acted on the request: not safe); the time of the last read
 * tells how long a pooled connection has been idle.
 */
final class OriginSocket extends Socket {
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long lastReadNanos = System.nanoTime();
    private volatile long exchanges;
    /** Set from each response: how long the connection may then sit idle. */
    private volatile long idleLimitNanos;
    private InputStream counted;
    private final InterimWatch interim = new InterimWatch();

    private OriginSocket() {
    }

    /** Makes the sockets OkHttp connects with (and layers TLS over, for https origins). */
    static SocketFactory factory() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new OriginSocket();
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw onlyUnconnected();
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw onlyUnconnected();
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw onlyUnconnected();
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw onlyUnconnected();
            }
        };
    }

    private static UnsupportedOperationException onlyUnconnected() {
        return new UnsupportedOperationException("OkHttp connects the sockets it gets from createSocket()");
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (counted == null) {
            counted = new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        counted(1);
                        interim.read(new byte[] {(byte) b}, 0, 1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0) {
                        counted(n);
                        interim.read(buf, off, n);
                    }
                    return n;
                }
            };
        }
        return counted;
    }

    private void counted(int n) {
        bytesRead.addAndGet(n);
        lastReadNanos = System.nanoTime();
    }

    /** Watches the bytes read for the interim responses of the exchange about to start. */
    InterimWatch interim() {
        return interim;
    }

    long bytesRead() {
        return bytesRead.get();
    }

    /**
     * Called as an exchange starts on this connection; true when an earlier exchange used it (it was
     * pooled). A connection carries one HTTP/1.1 exchange at a time, so no two threads count at once.
     */
    boolean startExchange() {
        return exchanges++ > 0;
    }

    /** Whether the connection has sat idle (nothing read since its last response) past what the origin allows. */
    boolean idleTooLong(long nowNanos) {
        return nowNanos - lastReadNanos >= idleLimitNanos;
    }

    void idleLimit(long nanos) {
        idleLimitNanos = nanos;
    }
}
