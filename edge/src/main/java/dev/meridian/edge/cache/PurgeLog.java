package dev.meridian.edge.cache;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Recent purges, numbered, so a fill can tell whether one happened while it was talking to the
 * origin. A fill takes a {@link #mark()} before it starts; when it stores, it asks
 * {@link #purgedSince}: a purge recorded after the mark that covers the key means the fill's
 * content may predate the purge, so it is taken out again. Purges are recorded before they remove
 * anything and fills check after they stored, so one of the two always sees the other.
 *
 * <p>Bounded: the oldest records fall off, and a mark older than everything kept counts as purged
 * (the safe answer; a fill that slow is rare and only loses its cache write).
 */
final class PurgeLog {
    static final int CAPACITY = 4096;

    private record Entry(long seq, KeyRange range) {
    }

    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private long last;
    private long dropped;

    /** The current position; fills take it before they ask the origin. */
    synchronized PurgeMark mark() {
        return new PurgeMark(last);
    }

    synchronized void record(KeyRange range) {
        recent.addLast(new Entry(++last, range));
        if (recent.size() > CAPACITY) {
            dropped = recent.removeFirst().seq();
        }
    }

    /** Whether a purge recorded after {@code mark} covers {@code key}. */
    synchronized boolean purgedSince(PurgeMark taken, String key) {
        long mark = taken.position();
        if (mark >= last) {
            return false;
        }
        if (mark < dropped) {
            return true;
        }
        for (Iterator<Entry> it = recent.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.seq() <= mark) {
                return false;
            }
            if (e.range().contains(key)) {
                return true;
            }
        }
        return false;
    }
}
