package dev.meridian.edge.origin;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Response;

/**
 * One request to an origin under the origin's total timeout. The deadline cancels the call if it
 * has not been {@linkplain #release() released} by then: a fill releases it once the body is read,
 * a relay once headers arrive, so a large body streams at the client's pace (bounded by the read
 * timeout between bytes) instead of being cut off mid-download.
 */
public final class OriginCall {
    private final Call call;
    private final AtomicBoolean expired;
    private final ScheduledFuture<?> deadline;

    OriginCall(Call call, AtomicBoolean expired, ScheduledFuture<?> deadline) {
        this.call = call;
        this.expired = expired;
        this.deadline = deadline;
    }

    /** Sends the request and waits for the response headers; the caller closes the response. */
    public Response execute() throws IOException {
        try {
            return call.execute();
        } catch (IOException e) {
            release();
            throw failure(e);
        }
    }

    /** The exception to report for a failure of this call: a timeout if the deadline caused it. */
    public IOException failure(IOException e) {
        return expired.get() ? new InterruptedIOException("origin exceeded its total timeout") : e;
    }

    /** Lifts the total timeout (idempotent). */
    public void release() {
        deadline.cancel(false);
    }
}
