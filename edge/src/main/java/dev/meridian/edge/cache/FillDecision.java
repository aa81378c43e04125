package dev.meridian.edge.cache;

import dev.meridian.edge.http.HeaderField;
import java.util.List;

/**
 * What a fill does next, as {@link FillStrategy} decided it: plain data, so the decision can be
 * tested without an origin and the fill that acts on it holds no rules of its own.
 */
public sealed interface FillDecision {
    /**
     * Ask the origin, with these conditional header fields (none when it must answer in full).
     *
     * @param revalidating whether a stored response is being revalidated: only then may the origin
     *                     answer 304
     */
    record AskOrigin(List<HeaderField> validators, boolean revalidating) implements FillDecision {
        public AskOrigin {
            validators = List.copyOf(validators);
        }
    }

    /** Serve the stored response as it is: {@link CacheStatus#HIT} or {@link CacheStatus#STALE}. */
    record ServeStored(CacheStatus status) implements FillDecision {
    }

    /** No response can be given; {@code status} is what the client is told (502, 504). */
    record Fail(int status, String reason) implements FillDecision {
    }

    /** The 304 was for another representation: forget what is stored and ask again without conditions. */
    record AskAgainUnconditionally() implements FillDecision {
    }

    /** Nothing decided by the status line and header: read the body, then decide ({@link FillStrategy#onBody}). */
    record ReadBody() implements FillDecision {
    }

    /** A 304 confirmed the stored response: keep it, refreshed, under its key ({@link CacheStatus#REVALIDATED}). */
    record Revalidated(CachedResponse refreshed) implements FillDecision {
    }

    /** A new storable response: store it ({@link CacheStatus#MISS}, or {@link CacheStatus#EXPIRED} when it replaces one). */
    record Store(CachedResponse response, CacheStatus status) implements FillDecision {
    }

    /**
     * Not for a shared cache ({@link CacheStatus#PASS}): it goes to the request that started the
     * fill alone, whose headers the origin saw.
     *
     * @param dropStored whether what is stored under the URL must go too: the origin no longer lets it be kept
     */
    record PassToRequester(CachedResponse response, boolean dropStored) implements FillDecision {
    }
}
