package dev.meridian.edge.cache.disk;

import java.nio.ByteBuffer;

/**
 * One object read from the disk store, its length and checksums verified just now. A body above
 * 64 KiB is a read-only mapping of the file: it is sent from the page cache and never copied onto
 * the heap, and stays readable even if a purge or eviction unlinks the file meanwhile.
 */
public final class DiskObject {
    private final String key;
    private final Kept kept;
    private final boolean stale;

    /**
     * A verified read of one stored object, shared by every hit while the store keeps its mapping;
     * the tier above may attach what it made of the bytes (the decoded head), so a hot object is
     * decoded once per mapping rather than once per hit.
     */
    static final class Kept {
        /** How long a residency check is trusted: a system call per hit would cost more than it saves. */
        private static final long RESIDENT_FOR_NANOS = 1_000_000_000L;

        private final ObjectFile.Verified verified;
        private volatile Object attachment;
        private volatile long residentSince = Long.MIN_VALUE;

        Kept(ObjectFile.Verified verified) {
            this.verified = verified;
        }

        ObjectFile.Verified verified() {
            return verified;
        }

        /**
         * Whether the body's pages were all in memory at a check within the last second. Pages the
         * kernel drops inside that second cost one blocking page-in, once.
         */
        boolean resident() {
            long now = System.nanoTime();
            if (now - residentSince < RESIDENT_FOR_NANOS) {
                return true;
            }
            if (!verified.resident()) {
                return false;
            }
            residentSince = now;
            return true;
        }
    }

    DiskObject(String key, Kept kept, boolean stale) {
        this.key = key;
        this.kept = kept;
        this.stale = stale;
    }

    public String key() {
        return key;
    }

    /** What the writer stored beside the body (the edge keeps the response head here). */
    public byte[] meta() {
        return kept.verified().meta().clone();
    }

    /** Soft-purged: valid bytes, but they must be revalidated with the origin before use. */
    public boolean stale() {
        return stale;
    }

    /** A read-only view of the whole body, position 0. */
    public ByteBuffer body() {
        return kept.verified().body().duplicate();
    }

    public long bodyLength() {
        return kept.verified().body().remaining();
    }

    /** What the tier above attached to this read of the object, or null; see {@link #attach}. */
    public Object attachment() {
        return kept.attachment;
    }

    /**
     * Keeps what the tier above made of these bytes for later hits on the same stored object. It
     * must not depend on {@link #stale()}, which can change while the bytes cannot.
     */
    public void attach(Object value) {
        kept.attachment = value;
    }

    /** Whether the body is mapped from the file rather than held on the heap. */
    public boolean mapped() {
        return kept.verified().mapping() != null;
    }

    @Override
    public String toString() {
        return "DiskObject[" + key + ", " + bodyLength() + " bytes" + (stale ? ", stale" : "") + "]";
    }
}
