package dev.meridian.edge.cache;

/**
 * Where the cache's purge log stood when a fill (or a rendering derived from one) began: taken
 * before the origin is asked, handed back with every store the work makes, so a purge recorded
 * after it that covers the key undoes the store. Only the cache makes one, so a store cannot be
 * given a number that means something else (a fill count, a time).
 */
public final class PurgeMark {
    private final long position;

    PurgeMark(long position) {
        this.position = position;
    }

    /** The number of purges recorded before this mark was taken. */
    long position() {
        return position;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PurgeMark m && m.position == position;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(position);
    }

    @Override
    public String toString() {
        return "PurgeMark[" + position + "]";
    }
}
