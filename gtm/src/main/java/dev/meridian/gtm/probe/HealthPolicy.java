package dev.meridian.gtm.probe;

import java.time.Duration;

/**
 * When an address changes state. Down after {@code downAfter} consecutive failures, up after
 * {@code upAfter} consecutive successes; a vantage point whose last result is older than
 * {@code maxAge} has no vote, and an address no vantage point has a fresh word on is down. An
 * address is down when more than {@code downShare} of the voting vantage points say so.
 *
 * <p>Defaults fail over within 10 s: with the default 1 s interval and 1 s timeout, the fifth
 * failure lands at most 5 x 1 s + 1 s = 6 s after the last success (7 s if a timed-out probe
 * makes the runner skip one turn). Against random probe loss: five losses in a row at 10% loss
 * come about once in 100,000 probes from one vantage point (a day of probing one address); with
 * three vantage points two must agree, which makes a flap from 10% loss practically never happen.
 *
 * <p>Cold start: an address nobody has probed yet is up (the configuration is trusted) for
 * {@code maxAge} after it became known; its first success confirms it, {@code downAfter} failures
 * take it down as usual, and silence past {@code maxAge} takes it down as stale.
 */
public record HealthPolicy(int downAfter, int upAfter, Duration maxAge, double downShare) {
    public static final int DEFAULT_DOWN_AFTER = 5;
    public static final int DEFAULT_UP_AFTER = 2;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);
    public static final double DEFAULT_DOWN_SHARE = 0.5;

    public HealthPolicy {
        if (downAfter < 1 || upAfter < 1) {
            throw new IllegalArgumentException("downAfter and upAfter must be at least 1");
        }
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        if (!(downShare >= 0 && downShare < 1)) {
            throw new IllegalArgumentException("downShare must be within 0 (any vantage point) and <1");
        }
    }

    public static HealthPolicy defaults() {
        return new HealthPolicy(DEFAULT_DOWN_AFTER, DEFAULT_UP_AFTER, DEFAULT_MAX_AGE, DEFAULT_DOWN_SHARE);
    }
}
