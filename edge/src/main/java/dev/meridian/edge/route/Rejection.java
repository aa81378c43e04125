package dev.meridian.edge.route;

/** A request the edge refuses before anything else happens, with the status and a clear reason. */
public final class Rejection extends Exception {
    private final int status;

    public Rejection(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
