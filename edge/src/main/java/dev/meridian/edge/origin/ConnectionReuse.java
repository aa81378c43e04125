package dev.meridian.edge.origin;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * OkHttp network interceptor that runs once a connection is chosen: refuses a pooled connection that
 * sat idle past what its origin allows (closing it, so the pool drops it), notes on the request's
 * {@link Attempt} what the connection was, and learns the origin's keep-alive timeout from each response.
 * On an HTTP/1.1 connection, plain or TLS, it also has the socket watch for the interim responses of
 * the exchange ({@link InterimResponses}, the request's tag), which OkHttp itself drops.
 *
 * <p>Failures of the exchange are rethrown as {@link ExchangeFailure}, which OkHttp does not retry: its
 * own retry would resend a request (a POST included) after a response had begun, and on another pooled
 * connection as stale as the first. {@link OriginCall} decides instead. Connect failures happen before
 * this interceptor, so OkHttp still tries an origin host's other addresses.
 */
final class ConnectionReuse implements Interceptor {
    private final long silentIdleNanos;
    private final long maxIdleNanos;
    /** What is known of each https connection (weakly held: a connection OkHttp dropped is forgotten). */
    private final Map<Socket, TlsConnection> tls = new WeakHashMap<>();

    /** One https connection's use; it carries one HTTP/1.1 exchange at a time. */
    private static final class TlsConnection {
        volatile long exchanges;
        volatile long lastResponseNanos;
        volatile long idleLimitNanos;
    }

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
        if (attempt == null || chain.connection().protocol() == Protocol.HTTP_2) {
            // HTTP/2 ends connections with GOAWAY, which names the streams the origin never acted on:
            // OkHttp's own handling of it is the right one.
            return chain.proceed(chain.request());
        }
        if (!(chain.connection().socket() instanceof OriginSocket socket)) {
            return overTls(chain, attempt);
        }
        boolean reused = socket.startExchange();
        if (reused && socket.idleTooLong(System.nanoTime())) {
            closeStale(socket, attempt);
        }
        attempt.started(socket, reused);
        Response response = watchingInterim(chain, socket.interim());
        socket.idleLimit(idleLimit(response));
        return response;
    }

    /** The exchange, its interim responses reported to the request's {@link InterimResponses} as they are read. */
    private static Response watchingInterim(Chain chain, InterimWatch interim) throws IOException {
        interim.start(chain.request().tag(InterimResponses.class));
        try {
            return proceed(chain);
        } finally {
            interim.start(null);
        }
    }

    /**
     * An https connection: its counting socket lies beneath TLS, where a close_notify alert reads as
     * bytes, so whether a response began is unknown. Its idle time counts from its last response head,
     * which makes the limit err on the side of a new connection.
     */
    private Response overTls(Chain chain, Attempt attempt) throws IOException {
        Socket socket = chain.connection().socket();
        TlsConnection connection;
        synchronized (tls) {
            connection = tls.computeIfAbsent(socket, s -> new TlsConnection());
        }
        boolean reused = connection.exchanges++ > 0;
        if (reused && System.nanoTime() - connection.lastResponseNanos >= connection.idleLimitNanos) {
            closeStale(socket, attempt);
        }
        attempt.startedUncounted(reused);
        Response response = socket instanceof OriginTlsSocket watched ? watchingInterim(chain, watched.interim()) : proceed(chain);
        connection.lastResponseNanos = System.nanoTime();
        connection.idleLimitNanos = idleLimit(response);
        return response;
    }

    private long idleLimit(Response response) {
        return KeepAlive.idleLimitNanos(response.header("Keep-Alive"), silentIdleNanos, maxIdleNanos);
    }

    private static void closeStale(Socket socket, Attempt attempt) throws IOException {
        socket.close();
        attempt.markStale();
        throw new ExchangeFailure(new IOException("pooled connection idle past the origin's keep-alive timeout"));
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
