package dev.meridian.edge.origin;

/**
 * Whether one origin server is up, with hysteresis: it goes down after {@code fall} failures in a row
 * and comes back after {@code rise} successes in a row, whether they come from requests or probes.
 * A server starts up.
 */
final class ServerHealth {
    private final int fall;
    private final int rise;
    private boolean up = true;
    private int streak;

    ServerHealth(int fall, int rise) {
        this.fall = fall;
        this.rise = rise;
    }

    synchronized boolean up() {
        return up;
    }

    /** Counts one outcome; true when it changed whether the server is up. */
    synchronized boolean report(boolean ok) {
        if (ok == up) {
            // Confirms the state: a streak against it is broken.
            streak = 0;
            return false;
        }
        if (++streak < (up ? fall : rise)) {
            return false;
        }
        up = ok;
        streak = 0;
        return true;
    }
}
