package dev.meridian.edge.origin;

/**
 * What one attempt of an origin call learned about the connection it got, kept as the request's tag
 * so that {@link ConnectionReuse} can fill it in: whether the connection had been pooled, and how many
 * bytes had been read from it when the request went out.
 */
final class Attempt {
    private OriginSocket socket;
    private long bytesBefore;
    private boolean reused;
    private boolean stale;

    void started(OriginSocket socket, boolean reused) {
        this.socket = socket;
        this.reused = reused;
        this.bytesBefore = socket.bytesRead();
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
        return stale || (reused && socket.bytesRead() == bytesBefore);
    }
}
