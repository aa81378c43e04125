package dev.meridian.edge.cache;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /** What one purge covered: a range of keys, or the responses carrying a tag (see {@link TaggedPurge}). */
    sealed interface Scope permits RangeScope, TaggedPurge {
        boolean covers(String key, List<String> tags);
    }

    private record RangeScope(KeyRange range) implements Scope {
        @Override
        public boolean covers(String key, List<String> tags) {
            return range.contains(key);
        }
    }

    /**
     * A purge by tag within some key ranges. A fill storing a response that carries the tag is undone
     * like one of a purged URL; so is a store under a URL the purge matched (a rendition of a tagged
     * original carries no tag of its own), once the purge has {@linkplain #matched found} it.
     */
    static final class TaggedPurge implements Scope {
        private final String tag;
        private final List<KeyRange> within;
        private final Set<String> urls = ConcurrentHashMap.newKeySet();

        TaggedPurge(String tag, List<KeyRange> within) {
            this.tag = tag;
            this.within = List.copyOf(within);
        }

        void matched(String url) {
            urls.add(url);
        }

        @Override
        public boolean covers(String key, List<String> tags) {
            if (urls.contains(CacheKeys.urlOf(key))) {
                return true;
            }
            return tags.contains(tag) && within.stream().anyMatch(r -> r.contains(key));
        }
    }

    private record Entry(long seq, Scope scope) {
    }

    @GuardedBy("this")
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    @GuardedBy("this")
    private long last;
    @GuardedBy("this")
    private long dropped;

    /** The current position; fills take it before they ask the origin. */
    synchronized PurgeMark mark() {
        return new PurgeMark(last);
    }

    synchronized void record(KeyRange range) {
        record(new RangeScope(range));
    }

    synchronized void record(Scope scope) {
        recent.addLast(new Entry(++last, scope));
        if (recent.size() > CAPACITY) {
            dropped = recent.removeFirst().seq();
        }
    }

    /** Whether a purge recorded after {@code mark} covers {@code key}, stored with {@code tags}. */
    synchronized boolean purgedSince(PurgeMark taken, String key, List<String> tags) {
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
            if (e.scope().covers(key, tags)) {
                return true;
            }
        }
        return false;
    }
}
