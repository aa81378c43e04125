package dev.meridian.edge.origin;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** Maps a failed origin exchange to the status a client sees: timeouts 504, anything else 502. */
public final class OriginFailure {
    private OriginFailure() {
    }

    public static int status(IOException e) {
        return e instanceof InterruptedIOException ? 504 : 502;
    }

    public static String describe(IOException e) {
        if (e instanceof InterruptedIOException) {
            return "origin timed out";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
            return "origin refused the connection";
        }
        return "origin sent a broken response";
    }

    /** Short label for metrics. */
    public static String outcome(IOException e) {
        return e instanceof InterruptedIOException ? "timeout" : "error";
    }
}
