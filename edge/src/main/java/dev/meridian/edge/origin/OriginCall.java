package dev.meridian.edge.origin;

import dev.meridian.edge.origin.ConnectionReuse.ExchangeFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledFuture;
import okhttp3.Call;
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
 * method, when its body can be sent again (none, or buffered; a streamed body cannot). A pooled
 * connection found idle for longer than its origin allows is closed before anything is sent on it, and
 * the next one is taken.
 */
public final class OriginCall {
    /** Pooled connections found idle too long, and closed, before a request goes on a connection of its own. */
    private static final int MAX_EXPIRED = 8;

    private final OkHttpClient pooled;
    private final OkHttpClient fresh;
    private final Request request;
    private volatile Call current;
    private volatile boolean expired;
    private ScheduledFuture<?> deadline;

    OriginCall(OkHttpClient pooled, OkHttpClient fresh, Request request) {
        this.pooled = pooled;
        this.fresh = fresh;
        this.request = request;
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
        for (int expiredConnections = 0; ; ) {
            Attempt attempt = new Attempt();
            try {
                return attempt(pooled, attempt);
            } catch (IOException e) {
                IOException cause = ExchangeFailure.unwrap(e);
                if (attempt.stale() && ++expiredConnections < MAX_EXPIRED && !expired) {
                    // Nothing was sent: take the next pooled connection (or a new one).
                    continue;
                }
                if (expired || cause instanceof InterruptedIOException || !attempt.failedBeforeResponse() || !replayable()) {
                    release();
                    throw failure(cause);
                }
                break;
            }
        }
        try {
            return attempt(fresh, new Attempt());
        } catch (IOException e) {
            release();
            throw failure(ExchangeFailure.unwrap(e));
        }
    }

    private Response attempt(OkHttpClient client, Attempt attempt) throws IOException {
        Call call = client.newCall(request.newBuilder().tag(Attempt.class, attempt).build());
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
}
