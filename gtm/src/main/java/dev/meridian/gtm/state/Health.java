package dev.meridian.gtm.state;

import java.time.Instant;

/**
 * What is known about whether an address serves.
 *
 * @param source     who said so: {@code operator}, a probe's name, or {@code none}
 * @param observedAt when it was last said (null when never)
 */
public record Health(Status status, String source, Instant observedAt) {
    public enum Status {
        UP,
        DOWN,
        /** Reported once, but not within the stale-after age: counts as down. */
        STALE,
        /** Nothing reported: the config's declaration decides. */
        UNKNOWN
    }

    public static final Health UNKNOWN = new Health(Status.UNKNOWN, "none", null);
}
