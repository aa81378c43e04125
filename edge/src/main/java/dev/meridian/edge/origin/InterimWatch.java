package dev.meridian.edge.origin;

/**
 * A connection's watch for the interim responses of the exchange under way on it: the bytes the
 * connection reads ({@link ConnectionReads}: off a plain socket, or what TLS decrypted) are fed to
 * an {@link InterimHeads} until it has seen the final status line.
 */
final class InterimWatch {
    /** Reading the interim responses of the exchange under way, until its final status line; else null. */
    private volatile InterimHeads heads;

    /** Reports the interim responses of the exchange about to start to {@code listener}; null: no more. */
    void start(InterimResponses listener) {
        heads = listener == null ? null : new InterimHeads(listener);
    }

    /** Bytes the connection read. */
    void read(byte[] buf, int off, int n) {
        InterimHeads watching = heads;
        if (watching != null) {
            watching.feed(buf, off, n);
            if (watching.done()) {
                heads = null;
            }
        }
    }
}
