package dev.meridian.console.purge;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per customer: {@code burst} purges at once, then {@code perSecond}. Keyed by customers
 * of the config only (the caller has checked the customer exists), so the map is as bounded as the
 * config. Each console counts its own purges: behind a load balancer the limit is per console.
 */
final class PurgeRateLimit {
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    PurgeRateLimit(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Takes one purge from the customer's bucket; empty when allowed, else how long until one is. */
    Optional<Duration> tryTake(String customer, double perSecond, int burst) {
        return buckets.computeIfAbsent(customer, c -> new Bucket(burst, nanoClock.getAsLong())).take(perSecond, burst, nanoClock.getAsLong());
    }

    private static final class Bucket {
        @GuardedBy("this")
        private double tokens;
        @GuardedBy("this")
        private long refilledAt;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.refilledAt = now;
        }

        synchronized Optional<Duration> take(double perSecond, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9)));
        }
    }
}
