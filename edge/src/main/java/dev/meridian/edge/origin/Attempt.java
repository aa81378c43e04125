package dev.meridian.edge.origin;

/**
 * What one attempt of an origin call learned about the connection it got, kept as the request's tag
 * so that {@link ConnectionReuse} can fill it in: whether the connection had been pooled, and how many
 * bytes of responses (above TLS, on an https connection) had been read from it when the request went out.
 */
final class Attempt {
    private ConnectionReads reads;
    private long bytesBefore;
    private boolean reused;
    private boolean stale;
    private boolean connected;

    /** A connection to the server was had (new or pooled): the failure, if any, came after. */
    void connected() {
        connected = true;
    }

    /** Whether the attempt failed before any connection to the server was had (refused, unreachable, timed out). */
    boolean neverConnected() {
        return !connected;
    }

    void started(ConnectionReads reads, boolean reused) {
        this.reads = reads;
        this.reused = reused;
        this.bytesBefore = reads.bytesRead();
    }

    /** The connection was found idle past its limit and closed before anything was sent on it. */
    void markStale() {
        stale = true;
    }

    boolean stale() {
        return stale;
    }

    /**
     * Whether the attempt failed on a pooled connection before any byte of a response arrived: the
     * origin had closed the connection while it sat idle, so it never acted on the request, and the
     * request can go again on a fresh connection.
     */
    boolean failedBeforeResponse() {
        return stale || (reused && reads != null && reads.bytesRead() == bytesBefore);
    }
}
