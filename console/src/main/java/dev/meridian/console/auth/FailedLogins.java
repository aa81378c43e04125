package dev.meridian.console.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * The throttling rule, apart from where it is stored: a subject (a login name or a client address) has a
 * few free failures, then each further failure blocks it for twice as long as the one before (1 s, 2 s,
 * 4 s, ... up to {@link #MAX_BLOCK}); failures are forgotten an hour after the last one.
 *
 * @param count        failures in the current run
 * @param last         when the last one was
 * @param blockedUntil no attempt is looked at before this; null when not blocked
 */
record FailedLogins(int count, Instant last, Instant blockedUntil) {
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final Duration MAX_BLOCK = Duration.ofMinutes(15);

    /** What one more failure at {@code now} makes of {@code previous} (null: none on record). */
    static FailedLogins next(FailedLogins previous, Instant now, int freeFailures) {
        int count = previous == null || !now.isBefore(previous.last.plus(FORGET_AFTER)) ? 1 : previous.count + 1;
        Instant blocked = count <= freeFailures ? null : now.plus(block(count - freeFailures - 1));
        return new FailedLogins(count, now, blocked);
    }

    /** How long a failure past the free ones blocks: 1 s for the first ({@code beyond} 0), doubling from there. */
    static Duration block(int beyond) {
        Duration d = Duration.ofSeconds(1L << Math.min(beyond, 20));
        return d.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : d;
    }

    /** How much longer attempts are refused at {@code now}; zero when they are not. */
    Duration remaining(Instant now) {
        return blockedUntil == null || !now.isBefore(blockedUntil) ? Duration.ZERO : Duration.between(now, blockedUntil);
    }
}
