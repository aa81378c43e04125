package dev.meridian.originstub.faults;

import java.time.Duration;

/**
 * One fault for every path starting with {@code pathPrefix}.
 *
 * @param delay for SLOW and HANG: how long before the answer
 * @param status for FAIL: the status to answer with
 */
public record FaultRule(FaultMode mode, String pathPrefix, Duration delay, int status) {
    public static final Duration DEFAULT_HANG = Duration.ofMinutes(10);

    public FaultRule {
        pathPrefix = pathPrefix == null || pathPrefix.isEmpty() ? "/" : pathPrefix;
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must start with '/'");
        }
        delay = delay == null ? (mode == FaultMode.HANG ? DEFAULT_HANG : Duration.ZERO) : delay;
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        status = status == 0 ? 500 : status;
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599");
        }
    }

    public static FaultRule slow(String pathPrefix, Duration delay) {
        return new FaultRule(FaultMode.SLOW, pathPrefix, delay, 0);
    }

    public static FaultRule fail(String pathPrefix) {
        return new FaultRule(FaultMode.FAIL, pathPrefix, null, 500);
    }

    public static FaultRule of(FaultMode mode, String pathPrefix) {
        return new FaultRule(mode, pathPrefix, null, 0);
    }
}
