package dev.meridian.edge.origin;

import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.OriginServerConfig;
import dev.meridian.edge.origin.ConnectionReuse.ExchangeFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One request to an origin under the origin's total timeout. The deadline cancels the call if it
 * has not been {@linkplain #release() released} by then: a fill releases it once the body is read,
 * a relay once headers arrive, so a large body streams at the client's pace (bounded by the read
 * timeout between bytes) instead of being cut off mid-download.
 *
 * <p>A request that fails on a pooled connection before any byte of a response arrived (the origin
 * closed the connection while it sat idle) is sent once more on a fresh connection, whatever its
 * method, when its body can be sent again (none, or buffered; a streamed body cannot). Over https
 * too: what a connection read is counted above TLS ({@link ConnectionReads}). A pooled connection found idle for
 * longer than its origin allows is closed before anything is sent on it, and the next one is taken.
 *
 * <p>An origin with several servers is tried in the order {@link OriginGroups} gives; a server that
 * cannot be connected to is passed over for the next (nothing was sent to it). Each outcome is
 * reported: a connection failure or a 5xx counts against the server, any other answer for it.
 */
public final class OriginCall {
    /** Pooled connections found idle too long, and closed, before a request goes on a connection of its own. */
    private static final int MAX_EXPIRED = 8;

    private final OkHttpClient pooled;
    private final OkHttpClient fresh;
    private final Request request;
    private final OriginConfig origin;
    private final OriginGroups groups;
    private final Resends resends;
    private volatile Call current;
    private volatile boolean expired;
    private ScheduledFuture<?> deadline;

    OriginCall(OkHttpClient pooled, OkHttpClient fresh, Request request, OriginConfig origin, OriginGroups groups,
               Resends resends) {
        this.pooled = pooled;
        this.resends = resends;
        this.fresh = fresh;
        this.request = request;
        this.origin = origin;
        this.groups = groups;
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    /** The deadline passed: cancel whichever attempt is running. */
    void expire() {
        expired = true;
        Call call = current;
        if (call != null) {
            call.cancel();
        }
    }

    /** Sends the request and waits for the response headers; the caller closes the response. */
    public Response execute() throws IOException {
        List<OriginServerConfig> servers = groups.order(origin);
        for (int i = 0; ; i++) {
            OriginServerConfig server = servers.get(i);
            try {
                Response response = execute(servers.size() == 1 ? request : on(request, server));
                report(server, response.code() < 500);
                return response;
            } catch (NotConnected e) {
                report(server, false);
                if (i + 1 < servers.size() && !expired) {
                    resends.count(Resends.Reason.NEXT_SERVER);
                    continue;
                }
                release();
                throw failure(e.cause);
            } catch (IOException e) {
                report(server, false);
                release();
                throw failure(e);
            }
        }
    }

    private void report(OriginServerConfig server, boolean ok) {
        if (origin.servers().size() > 1) {
            groups.report(origin, server, ok);
        }
    }

    /** The request sent to another server of the group (mirrors differ only in host and port). */
    static Request on(Request request, OriginServerConfig server) {
        HttpUrl to = HttpUrl.get(server.url());
        return request.newBuilder().url(request.url().newBuilder().scheme(to.scheme()).host(to.host()).port(to.port()).build())
                .build();
    }

    /** The request on one server: pooled connections first, once more on a fresh one when that is safe. */
    private Response execute(Request onServer) throws IOException {
        for (int expiredConnections = 0; ; ) {
            Attempt attempt = new Attempt();
            try {
                return attempt(pooled, onServer, attempt);
            } catch (IOException e) {
                IOException cause = ExchangeFailure.unwrap(e);
                if (attempt.stale() && ++expiredConnections < MAX_EXPIRED && !expired) {
                    // Nothing was sent: take the next pooled connection (or a new one).
                    resends.count(Resends.Reason.EXPIRED_CONNECTION);
                    continue;
                }
                if (attempt.neverConnected() && !expired) {
                    throw new NotConnected(cause);
                }
                if (expired || cause instanceof InterruptedIOException || !attempt.failedBeforeResponse() || !replayable()) {
                    throw cause;
                }
                resends.count(attempt.stale() ? Resends.Reason.EXPIRED_CONNECTION : Resends.Reason.CLOSED_CONNECTION);
                break;
            }
        }
        Attempt again = new Attempt();
        try {
            return attempt(fresh, onServer, again);
        } catch (IOException e) {
            IOException cause = ExchangeFailure.unwrap(e);
            throw again.neverConnected() && !expired ? new NotConnected(cause) : cause;
        }
    }

    private Response attempt(OkHttpClient client, Request onServer, Attempt attempt) throws IOException {
        Call call = client.newCall(onServer.newBuilder().tag(Attempt.class, attempt).build());
        current = call;
        if (expired) {
            call.cancel();
        }
        return call.execute();
    }

    private boolean replayable() {
        return request.body() == null || !request.body().isOneShot();
    }

    /** The exception to report for a failure of this call: a timeout if the deadline caused it. */
    public IOException failure(IOException e) {
        return expired ? new InterruptedIOException("origin exceeded its total timeout") : e;
    }

    /** Lifts the total timeout (idempotent). */
    public void release() {
        deadline.cancel(false);
    }

    /** The server could not be connected to: nothing was sent, another may be tried. */
    private static final class NotConnected extends IOException {
        final IOException cause;

        NotConnected(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
