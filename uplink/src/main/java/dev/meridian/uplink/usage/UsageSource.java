package dev.meridian.uplink.usage;

/** Counters the shipper closes minutes from. Called from the shipper's one thread only. */
public interface UsageSource {
    /**
     * Takes what was counted in the minutes before the one {@code nowMillis} falls in (late counts of
     * minutes closed before included), leaving those counters at zero.
     *
     * @param includeCurrent also take the current minute so far (on shutdown, so nothing stays behind)
     */
    ClosedMinutes close(long nowMillis, boolean includeCurrent);
}
