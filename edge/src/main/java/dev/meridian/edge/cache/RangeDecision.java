package dev.meridian.edge.cache;

import dev.meridian.edge.http.ByteRanges;

/** What a request does with what is held of its URL in part, as {@link RangeStrategy} decided it. */
public sealed interface RangeDecision {
    /** Answer from the parts held ({@link CacheStatus#HIT}): a {@link ByteRanges.Slice} (206), or the whole (200) once complete. */
    record ServeParts(ByteRanges.Outcome outcome) implements RangeDecision {
    }

    /** Ask the origin for this range ({@code bytes=first-last}) alone, and keep the part it sends. */
    record AskRange(String range) implements RangeDecision {
    }

    /** Nothing here for this request: the usual fill, which asks for the whole response. */
    record FillWhole() implements RangeDecision {
    }
}
