package dev.meridian.console.purge;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PurgeControlConfig;
import dev.meridian.uplink.purge.PurgeScope;
import dev.meridian.uplink.purge.PurgeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A purge on every POP: checks the caller may make it (scope, then rate), numbers and records it, and
 * hands it to the {@link PurgeFanOut}. What the API and the portal page both call.
 */
final class GlobalPurge {
    private final ConfigHolder config;
    private final PurgeStore store;
    private final PurgeFanOut fanOut;
    private final PurgeRateLimit rateLimit;

    GlobalPurge(ConfigHolder config, PurgeStore store, PurgeFanOut fanOut, PurgeRateLimit rateLimit) {
        this.config = config;
        this.store = store;
        this.fanOut = fanOut;
        this.rateLimit = rateLimit;
    }

    /** The customer asked for more purges than its rate allows. */
    static final class RateLimited extends Exception {
        private final Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super("too many purges: retry after " + retryAfter.toMillis() + " ms", null, false, false);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A purge on its way: the record as stored and each POP's handle. */
    record Started(PurgeRecord record, List<PopPurge> pops) {
        /** Completes with the purge's state when every POP acknowledged or {@code wait} passed, whichever is first. */
        CompletableFuture<PurgeRecord> settled(Duration wait) {
            CompletableFuture<?>[] each = pops.stream().map(p -> p.acked().handle((v, e) -> null)).toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(each).completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(ignored -> snapshot());
        }

        PurgeRecord snapshot() {
            return new PurgeRecord(record.seq(), record.customer(), record.spec(), record.requestedBy(), record.requestedAt(),
                    pops.stream().map(p -> p.snapshot(record.requestedAt())).toList());
        }
    }

    /**
     * Blocking (the database): call from a worker thread.
     *
     * @throws PurgeScope.Refused when the caller may not purge this (or it names nothing the network serves)
     * @throws RateLimited        when the customer is over its rate
     */
    Started start(Caller caller, PurgeSpec spec) throws PurgeScope.Refused, RateLimited {
        MeridianConfig current = config.get();
        if (caller.customer() != null && current.customers().stream().noneMatch(c -> c.id().equals(caller.customer()))) {
            throw new PurgeScope.Refused(403, "customer " + caller.customer() + " is not in the config");
        }
        PurgeScope.check(current, spec, caller.customer());
        if (!caller.operator()) {
            PurgeControlConfig limits = settings(current);
            Optional<Duration> wait = rateLimit.tryTake(caller.customer(), limits.perSecond(), limits.burst());
            if (wait.isPresent()) {
                throw new RateLimited(wait.get());
            }
        }
        List<String> pops = current.pops().stream().map(PopConfig::id).toList();
        PurgeRecord record = store.record(caller.customer(), spec, caller.name(), Instant.now(), pops);
        return new Started(record, fanOut.send(record));
    }

    Duration ackWait() {
        return settings(config.get()).ackWait();
    }

    private static PurgeControlConfig settings(MeridianConfig current) {
        return current.consoleConfig().map(ConsoleConfig::purge).orElse(PurgeControlConfig.DEFAULTS);
    }
}
