package dev.meridian.imaging.decode;

import dev.meridian.imaging.ImageTooLargeException;
import dev.meridian.imaging.ImagingBusyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission by estimated decoded bytes: however many renders run at once, together they never hold more
 * pixel memory than the budget, so a burst of large images queues instead of exhausting the heap.
 * Counted in KiB so budgets up to terabytes fit a semaphore's int permits.
 */
public final class MemoryBudget {
    private final int totalKib;
    private final Semaphore kib;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public MemoryBudget(long bytes) {
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes >> 10));
        this.kib = new Semaphore(totalKib, true);
    }

    /** Takes bytes from the budget, waiting up to wait; close the reservation to give them back. */
    public Reservation reserve(long bytes, Duration wait) throws ImageTooLargeException, ImagingBusyException {
        int want = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) >> 10));
        if (want > totalKib) {
            throw new ImageTooLargeException("needs about " + bytes + " bytes of working memory, more than the whole budget of "
                    + ((long) totalKib << 10));
        }
        try {
            if (!kib.tryAcquire(want, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ImagingBusyException("working memory stayed full for " + wait.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagingBusyException("interrupted while waiting for working memory", e);
        }
        long now = inUse.addAndGet((long) want << 10);
        peak.accumulateAndGet(now, Math::max);
        return new Reservation(want);
    }

    public long totalBytes() {
        return (long) totalKib << 10;
    }

    public long inUseBytes() {
        return inUse.get();
    }

    /** The most ever reserved at once: what a test or a metrics gauge checks against the budget. */
    public long peakBytes() {
        return peak.get();
    }

    /** Bytes held for one render. */
    public final class Reservation implements AutoCloseable {
        private final int kibHeld;
        private boolean closed;

        private Reservation(int kibHeld) {
            this.kibHeld = kibHeld;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                inUse.addAndGet(-((long) kibHeld << 10));
                kib.release(kibHeld);
            }
        }
    }
}
