package dev.meridian.edge.origin;

import java.io.IOException;
import java.net.ProtocolException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * OkHttp network interceptor that runs once a connection is chosen: refuses a pooled connection that
 * sat idle past what its origin allows (closing it, so the pool drops it), notes on the request's
 * {@link Attempt} what the connection was, and learns the origin's keep-alive timeout from each response.
 *
 * <p>Failures of the exchange are rethrown as {@link ExchangeFailure}, which OkHttp does not retry: its
 * own retry would resend a request (a POST included) after a response had begun, and on another pooled
 * connection as stale as the first. {@link OriginCall} decides instead. Connect failures happen before
 * this interceptor, so OkHttp still tries an origin host's other addresses.
 */
final class ConnectionReuse implements Interceptor {
    private final long silentIdleNanos;
    private final long maxIdleNanos;

    /**
     * @param silentIdleNanos how long a connection may sit idle when its origin names no keep-alive timeout
     * @param maxIdleNanos    the longest any connection may sit idle
     */
    ConnectionReuse(long silentIdleNanos, long maxIdleNanos) {
        this.silentIdleNanos = silentIdleNanos;
        this.maxIdleNanos = maxIdleNanos;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Attempt attempt = chain.request().tag(Attempt.class);
        if (attempt != null) {
            attempt.connected();
        }
        if (attempt == null || !(chain.connection().socket() instanceof OriginSocket socket)) {
            // An https connection: its counting socket lies beneath TLS, where a close_notify alert
            // reads as bytes, so it cannot tell a response began. OkHttp's own handling applies.
            return chain.proceed(chain.request());
        }
        boolean reused = socket.startExchange();
        if (reused && socket.idleTooLong(System.nanoTime())) {
            socket.close();
            attempt.markStale();
            throw new ExchangeFailure(new IOException("pooled connection idle past the origin's keep-alive timeout"));
        }
        attempt.started(socket, reused);
        Response response = proceed(chain);
        socket.idleLimit(KeepAlive.idleLimitNanos(response.header("Keep-Alive"), silentIdleNanos, maxIdleNanos));
        return response;
    }

    private static Response proceed(Chain chain) throws IOException {
        try {
            return chain.proceed(chain.request());
        } catch (IOException e) {
            throw new ExchangeFailure(e);
        }
    }

    /** A failed exchange with an origin; a ProtocolException only so that OkHttp leaves the retrying to us. */
    static final class ExchangeFailure extends ProtocolException {
        ExchangeFailure(IOException cause) {
            super(cause.getMessage());
            initCause(cause);
        }

        static IOException unwrap(IOException e) {
            return e instanceof ExchangeFailure f ? (IOException) f.getCause() : e;
        }
    }
}
