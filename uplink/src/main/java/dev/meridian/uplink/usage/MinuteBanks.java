package dev.meridian.uplink.usage;

/**
 * Counters are kept per minute in a ring of banks, the minute's number modulo {@link #BANKS}: the
 * minute being counted, the one the shipper is closing, and room for writers that read the clock just
 * before a boundary and add just after it. The shipper drains every bank but the current one on each
 * pass, so such a late count is shipped with its own minute on the next pass instead of being lost.
 */
final class MinuteBanks {
    /** A power of two. */
    static final int BANKS = 4;

    private MinuteBanks() {
    }

    /** The minute number (minutes since the epoch) of a time in milliseconds. */
    static long minuteOf(long millis) {
        return Math.floorDiv(millis, 60_000L);
    }

    static int bankOf(long minute) {
        return (int) (minute & (BANKS - 1));
    }
}
