package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.StreamingStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Response;

/**
 * The outcome of one origin fill, handed to every request that waited for it. What one client may
 * not share with others (a private response, a live stream) is claimed by the first; the rest go
 * to the origin on their own.
 */
sealed interface Fill {
    /** Time spent on the origin, or -1 when it was not asked. */
    long originNanos();

    /**
     * A complete response.
     *
     * @param key       the cache key it is stored under, or null when not stored
     * @param shareable whether every waiter may receive it; otherwise only the claimer
     */
    record Ready(CachedResponse response, CacheStatus status, String key, boolean shareable, AtomicBoolean claimed,
                 long originNanos) implements Fill {
        Ready(CachedResponse response, CacheStatus status, String key, boolean shareable, long originNanos) {
            this(response, status, key, shareable, new AtomicBoolean(), originNanos);
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    /** Too big to cache: the open origin response, with the bytes already read from it. */
    record Streaming(Response response, byte[] prefix, AtomicBoolean claimed, long originNanos,
                     Optional<StreamingStore> store) implements Fill {
        Streaming(Response response, byte[] prefix, long originNanos) {
            this(response, prefix, new AtomicBoolean(), originNanos, Optional.empty());
        }

        /** @param store where the body is written as it streams (disk), if it may be stored */
        Streaming(Response response, byte[] prefix, long originNanos, Optional<StreamingStore> store) {
            this(response, prefix, new AtomicBoolean(), originNanos, store);
        }

        /** Nobody will stream it: let go of the origin response and of the half-written copy. */
        void discard() {
            response.close();
            store.ifPresent(StreamingStore::abort);
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    /** The origin could not be used and nothing stale may stand in; {@code status} is 502 or 504. */
    record Failed(int status, String reason, long originNanos) implements Fill {
    }
}
