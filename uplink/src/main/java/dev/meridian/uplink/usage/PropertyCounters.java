package dev.meridian.uplink.usage;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * One property's usage counters at one POP, preallocated: a request adds to a few cells of the stripe
 * its thread hashes to, in the bank of the current minute. No allocation, no lock; the stripes keep
 * I/O threads off each other's cache lines (one stripe is {@value #FIELDS} longs, two cache lines).
 */
public final class PropertyCounters {
    static final int REQUESTS = 0;
    static final int BYTES_TO_CLIENTS = 1;
    static final int BYTES_FROM_ORIGIN = 2;
    /** {@link CacheOutcome} by ordinal from here. */
    static final int OUTCOMES = 3;
    /** 2xx, 3xx, 4xx, 5xx from here. */
    static final int STATUS_CLASSES = OUTCOMES + 7;
    static final int RENDITIONS = STATUS_CLASSES + 4;
    static final int RENDITION_BYTES_SAVED = RENDITIONS + 1;
    static final int FIELDS = 16;

    private final String property;
    private final LongSupplier clock;
    private final int stripeMask;
    /** [bank][stripe][field], flattened. */
    private final AtomicLongArray cells;

    PropertyCounters(String property, int stripes, LongSupplier clock) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
        }
        this.property = property;
        this.clock = clock;
        this.stripeMask = stripes - 1;
        this.cells = new AtomicLongArray(MinuteBanks.BANKS * stripes * FIELDS);
    }

    public String property() {
        return property;
    }

    /**
     * A request completed now.
     *
     * @param status         the response status (1xx and anything outside 200..599 count only as a request)
     * @param bytesToClients body bytes sent
     */
    public void completed(CacheOutcome outcome, int status, long bytesToClients) {
        int at = stripeBase();
        cells.getAndIncrement(at + REQUESTS);
        if (bytesToClients > 0) {
            cells.getAndAdd(at + BYTES_TO_CLIENTS, bytesToClients);
        }
        cells.getAndIncrement(at + OUTCOMES + outcome.ordinal());
        int statusClass = status / 100;
        if (statusClass >= 2 && statusClass <= 5) {
            cells.getAndIncrement(at + STATUS_CLASSES + statusClass - 2);
        }
    }

    /** Body bytes read from an origin for this property (once per origin response, however many clients it served). */
    public void fromOrigin(long bytes) {
        if (bytes > 0) {
            cells.getAndAdd(stripeBase() + BYTES_FROM_ORIGIN, bytes);
        }
    }

    /** An image request answered with a rendition {@code bytesSaved} smaller than its original. */
    public void rendition(long bytesSaved) {
        int at = stripeBase();
        cells.getAndIncrement(at + RENDITIONS);
        if (bytesSaved > 0) {
            cells.getAndAdd(at + RENDITION_BYTES_SAVED, bytesSaved);
        }
    }

    private int stripeBase() {
        int bank = MinuteBanks.bankOf(MinuteBanks.minuteOf(clock.getAsLong()));
        return ((bank * (stripeMask + 1)) + stripe()) * FIELDS;
    }

    private int stripe() {
        int h = System.identityHashCode(Thread.currentThread());
        return (h ^ (h >>> 16)) & stripeMask;
    }

    /**
     * Takes a minute's counts out of its bank (summed over the stripes), leaving zeros; a count added
     * meanwhile stays for the next drain. Null when there was nothing.
     */
    long[] drain(long minute) {
        int stripes = stripeMask + 1;
        int bankBase = MinuteBanks.bankOf(minute) * stripes * FIELDS;
        long[] sums = null;
        for (int i = bankBase; i < bankBase + stripes * FIELDS; i++) {
            // A read first: most cells are zero, and a write would take their line from the I/O threads.
            if (cells.get(i) != 0) {
                if (sums == null) {
                    sums = new long[FIELDS];
                }
                sums[i % FIELDS] += cells.getAndSet(i, 0);
            }
        }
        return sums;
    }
}
