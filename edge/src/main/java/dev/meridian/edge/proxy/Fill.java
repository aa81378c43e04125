package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.StreamingStore;
import java.util.Optional;
import okhttp3.Response;

/**
 * The outcome of one origin fill, handed to every request that waited for it. What may go to one
 * client only (a response that was not stored: private, personal, or a live stream) goes to the
 * request that started the fill, whose headers the origin saw; the rest go to the origin on their own.
 */
sealed interface Fill {
    /** Time spent on the origin, or -1 when it was not asked. */
    long originNanos();

    /**
     * A complete response.
     *
     * @param key   the cache key it is stored under, or null when not stored
     * @param owner the request it is for alone, or null when every waiter may receive it
     */
    record Ready(CachedResponse response, CacheStatus status, String key, Object owner, long originNanos) implements Fill {
        /** Whether every waiter may receive it. */
        boolean forEveryone() {
            return owner == null;
        }

        boolean deliverableTo(Object request) {
            return owner == null || owner == request;
        }
    }

    /**
     * Too big to cache whole: the open origin response, with the bytes already read from it, for the
     * request that started the fill.
     *
     * @param store where the body is written as it streams (disk), if it may be stored
     */
    record Streaming(Response response, byte[] prefix, Object owner, long originNanos, Optional<StreamingStore> store)
            implements Fill {
        /** Nobody will stream it: let go of the origin response and of the half-written copy. */
        void discard() {
            response.close();
            store.ifPresent(StreamingStore::abort);
        }

        boolean ownedBy(Object request) {
            return owner == request;
        }
    }

    /** The origin could not be used and nothing stale may stand in; {@code status} is 502 or 504. */
    record Failed(int status, String reason, long originNanos) implements Fill {
    }
}
