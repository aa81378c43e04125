package dev.meridian.edge.cache;

import dev.meridian.edge.http.ByteRanges;

/**
 * When a request for a URL held in part ({@link StoredRanges}) is answered from the parts, asked of
 * the origin as a range, or left to the usual whole fill. Pure, like {@link FillStrategy}.
 *
 * <ul>
 *   <li>Nothing held, or a request with Authorization (whose reuse rules the whole fill applies):
 *       fill whole.
 *   <li>The parts may be reused (fresh, not due for the property's refresh, acceptable to the request's
 *       own Cache-Control) and one part holds the requested range, or they make up the whole
 *       representation: served from them, {@code HIT}.
 *   <li>A single byte range they do not hold (or may not be reused for): that range is asked of the
 *       origin. Asking for the whole would refetch a representation known to be too large to keep,
 *       or that is being filled piece by piece.
 *   <li>No usable range (none, several, another unit, an If-Range for another representation) and
 *       the parts are not complete: fill whole.
 * </ul>
 */
public final class RangeStrategy {
    private RangeStrategy() {
    }

    /**
     * @param range         the request's Range, or null
     * @param ifRange       its If-Range, or null
     * @param held          what is held in part for the URL, or null
     * @param refreshMillis the property's refresh interval for the path (0: none)
     */
    public static RangeDecision decide(String range, String ifRange, StoredRanges held, RequestDirectives request,
                                       long refreshMillis, long now) {
        if (held == null || request.authorized()) {
            return new RangeDecision.FillWhole();
        }
        CachedResponse head = held.head();
        boolean reusable = head.servableWithoutValidation(now) && !head.dueForRefresh(refreshMillis, now)
                && request.accepts(head, now);
        ByteRanges.Outcome wanted = ByteRanges.evaluate(range, ifRange, head.etag(), head.lastModified(), held.total());
        if (wanted instanceof ByteRanges.Slice slice) {
            if (reusable && (held.complete() || held.bytes(slice.first(), slice.last()) != null)) {
                return new RangeDecision.ServeParts(slice);
            }
            return new RangeDecision.AskRange("bytes=" + slice.first() + "-" + slice.last());
        }
        if (wanted instanceof ByteRanges.Unsatisfiable) {
            // Beyond the length held: the origin says whether the representation grew.
            return new RangeDecision.AskRange(range.trim());
        }
        return reusable && held.complete() ? new RangeDecision.ServeParts(ByteRanges.WHOLE) : new RangeDecision.FillWhole();
    }
}
