package dev.meridian.edge.proxy;

/**
 * How many fills had completed when a request looked in the memory tier: a fill of its key that
 * completed after this mark may have stored what the request just missed, so the request takes that
 * fill's result instead of asking the origin again (see {@link FillCoordinator}).
 */
record FillMark(long completedFills) {
    /** Later than every completion: a request with it never takes a completed fill's result. */
    static final FillMark LATEST = new FillMark(Long.MAX_VALUE);

    /** Whether the fill with this completion number completed after the mark was taken. */
    boolean precedes(long completion) {
        return completion > completedFills;
    }
}
