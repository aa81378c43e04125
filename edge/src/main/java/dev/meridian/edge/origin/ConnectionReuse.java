package dev.meridian.edge.origin;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * OkHttp network interceptor that runs once a connection is chosen: refuses a pooled connection that
 * sat idle past what its origin allows (closing it, so the pool drops it), notes on the request's
 * {@link Attempt} what the connection was and how much it had read, learns the origin's keep-alive
 * timeout from each response, and has the connection watch for the interim responses of the exchange
 * ({@link InterimResponses}, the request's tag), which OkHttp itself drops. An HTTP/1.1 connection,
 * plain or TLS, is a {@link CountedSocket}, its reads tallied as HTTP sees them (above TLS), so both
 * are treated alike.
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
        if (attempt == null || chain.connection().protocol() == Protocol.HTTP_2) {
            // HTTP/2 ends connections with GOAWAY, which names the streams the origin never acted on:
            // OkHttp's own handling of it is the right one.
            return chain.proceed(chain.request());
        }
        Socket socket = chain.connection().socket();
        if (!(socket instanceof CountedSocket counted)) {
            throw new IllegalStateException("an origin connection not made by OriginClient's socket factories: " + socket);
        }
        ConnectionReads reads = counted.reads();
        boolean reused = reads.startExchange();
        if (reused && reads.idleTooLong(System.nanoTime())) {
            closeStale(socket, attempt);
        }
        attempt.started(reads, reused);
        Response response = watchingInterim(chain, reads.interim());
        reads.idleLimit(KeepAlive.idleLimitNanos(response.header("Keep-Alive"), silentIdleNanos, maxIdleNanos));
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
