package dev.meridian.edge.cache;

import java.nio.ByteBuffer;

/**
 * A response being stored while it streams to the client, for bodies too large to hold whole: the
 * bytes go to a slower tier (disk) as they pass, and become visible only on {@link #commit}. One
 * thread at a time.
 */
public interface StreamingStore {
    /** Appends body bytes (consumed); false once the store gave up (too large, disk failing). */
    boolean write(ByteBuffer bytes);

    /** Publishes the complete response; returns whether it is now stored. */
    boolean commit();

    /** Drops what was written: the body was cut off or broken. */
    void abort();
}
