package dev.meridian.edge.http2;

/**
 * How many frames of a kind a connection may send within a window of time: the same shape as
 * Undertow's bound on stream resets (a window opens with the first frame; once it has passed, the
 * count starts again). One per connection, used by its I/O thread only.
 */
final class FrameBudget {
    private final int max;
    private final long windowNanos;
    private long windowStart;
    private int spent;

    FrameBudget(int max, long windowNanos) {
        this.max = max;
        this.windowNanos = windowNanos;
    }

    /** Counts one frame received at {@code nowNanos}; false once more than the budget came within the window. */
    boolean spend(long nowNanos) {
        if (spent == 0 || nowNanos - windowStart >= windowNanos) {
            windowStart = nowNanos;
            spent = 0;
        }
        return ++spent <= max;
    }
}
