package dev.meridian.edge.origin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one HTTP/1.1 connection to an origin has read, as HTTP sees it (over TLS, what TLS decrypted:
 * a close_notify or a session ticket is no byte of a response). The count tells a failure on a
 * reused connection that happened before any byte of the response arrived (the origin had closed the
 * idle connection: safe to send again) from one that happened after (the origin may have acted on
 * the request: not safe); the time of the last read tells how long a pooled connection has been idle.
 * The bytes also go to the connection's watch for interim responses.
 */
final class ConnectionReads {
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long lastReadNanos = System.nanoTime();
    private volatile long exchanges;
    /** Set from each response: how long the connection may then sit idle. */
    private volatile long idleLimitNanos;
    private final InterimWatch interim = new InterimWatch();

    /** The connection's input, counted and watched; to be made once per connection. */
    InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    counted(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n > 0) {
                    counted(buf, off, n);
                }
                return n;
            }
        };
    }

    private void counted(byte[] buf, int off, int n) {
        bytesRead.addAndGet(n);
        lastReadNanos = System.nanoTime();
        interim.read(buf, off, n);
    }

    /** Watches the bytes read for the interim responses of the exchange about to start. */
    InterimWatch interim() {
        return interim;
    }

    long bytesRead() {
        return bytesRead.get();
    }

    /**
     * Called as an exchange starts on the connection; true when an earlier exchange used it (it was
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
