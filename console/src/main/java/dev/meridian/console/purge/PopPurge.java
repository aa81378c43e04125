package dev.meridian.console.purge;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One purge on its way to one POP: {@link #acked()} completes with the latency in milliseconds when the
 * POP applied it, or exceptionally when the console stopped trying (the POP then catches up by itself).
 */
public final class PopPurge {
    private final String pop;
    private final CompletableFuture<Double> acked = new CompletableFuture<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    PopPurge(String pop) {
        this.pop = pop;
    }

    public String pop() {
        return pop;
    }

    public CompletableFuture<Double> acked() {
        return acked;
    }

    /** Why the last attempt failed, or null. */
    public String lastError() {
        return lastError.get();
    }

    void failed(String error) {
        lastError.set(error);
    }

    /** This POP's part as the API shows it now. */
    PurgeRecord.PopAck snapshot(Instant requestedAt) {
        if (acked.isDone() && !acked.isCompletedExceptionally()) {
            double ms = acked.join();
            return new PurgeRecord.PopAck(pop, requestedAt.plusNanos((long) (ms * 1e6)), ms, null);
        }
        return new PurgeRecord.PopAck(pop, null, null, lastError.get());
    }
}
