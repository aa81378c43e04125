package dev.meridian.edge.cache;

import dev.meridian.edge.http.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a fill, apart from its I/O: given what is stored, what the origin answered and the
 * time, what to do next. The fill itself ({@code edge.proxy.CacheFlow}) asks the origin, reads
 * bodies, writes to the tiers and counts; every choice between serving, storing, revalidating,
 * passing and failing is made here and returned as a {@link FillDecision}. The split is OkHttp's
 * ({@code CacheStrategy} decides, {@code CacheInterceptor} acts), and it buys the same thing: each
 * rule below is a pure function, tested case by case without sockets, and the fill reads as a
 * sequence of steps rather than a tangle of branches.
 *
 * <p>A fill consults the strategy at up to three moments, each one a method:
 *
 * <ol>
 *   <li>{@link #beforeAsking}: a stored response still fresh and not marked {@code no-cache} is
 *       served as it is, a {@code HIT} (RFC 9111 4.2; 5.2.2.4), unless the property's {@code refresh}
 *       interval has passed since it was fetched or revalidated, or the request's own
 *       {@code no-cache} or {@code max-age} refuses it ({@link RequestDirectives}, 5.2.1). Otherwise the origin is asked, and
 *       when a stored response may be revalidated the question carries its validators:
 *       {@code If-None-Match} with its entity tag, {@code If-Modified-Since} with its
 *       {@code Last-Modified} (4.3.1). A fill that must ask again without conditions (below)
 *       revalidates nothing.
 *   <li>{@link #onHead}, once the status line and header are in, before any body is read:
 *       <ul>
 *         <li>A 304 to a question that revalidated nothing fails as a bad gateway: the edge never
 *             passes a client's own conditions on, so there is nothing the 304 could refresh.
 *         <li>A 304 whose strong entity tag is not the stored one's was for another representation
 *             and refreshes nothing (4.3.4): what is stored is dropped and the origin asked again,
 *             unconditionally. A weak tag, or none, selects the stored response.
 *         <li>A 304 that selects it refreshes its header fields and restarts its age (3.2, 4.3.4).
 *             If the refreshed response may no longer be stored ({@code private}, {@code no-store},
 *             a {@code Set-Cookie}: section 3), it goes to this request alone and the stored copy
 *             is dropped; otherwise it replaces the stored one, {@code REVALIDATED}.
 *         <li>A 5xx while a stored response's {@code stale-if-error} window is open is answered
 *             from the stored response, {@code STALE}, its body never read (4.3.3 lets a cache act
 *             as if the origin had not answered; RFC 5861 section 4 sets the window; 4.2.4 and
 *             {@code must-revalidate} can forbid it, which {@link CachedResponse#staleIfErrorAllows}
 *             honours).
 *         <li>Anything else is a new response: read its body.
 *       </ul>
 *   <li>{@link #onBody}, with the body in memory: a storable response (section 3) is stored,
 *       {@code MISS}, or {@code EXPIRED} when it replaces a stored one. One that is not goes to
 *       the request that started the fill alone ({@code PASS}: it may have been made for that
 *       user), and a stored response under the URL is dropped, because the origin no longer lets
 *       it be kept.
 * </ol>
 *
 * <p>When the origin gives no usable answer at all (refused, timed out, a body that broke off),
 * {@link #onUnusable} serves the stored response within its {@code stale-if-error} window (or still
 * fresh, asked only because of {@code refresh}), {@code STALE}, and otherwise fails with the status the failure maps to (502, 504).
 *
 * <p>A body too large to hold in memory is streamed to the client instead; whether the disk keeps
 * a copy as it streams is plain storability ({@link StoragePolicy}), decided by the fill.
 *
 * <p>What the strategy does not decide: the purge race. Whether a store survives a purge that
 * overtook the fill is the cache's business ({@link TieredCache}, {@link PurgeMark}); the strategy
 * only says what the fill would store.
 */
public final class FillStrategy {
    private FillStrategy() {
    }

    /** The status line and header fields of the origin's answer, and when it was asked and answered. */
    public record OriginHead(int status, List<HeaderField> fields, long requestTime, long responseTime) {
        public OriginHead {
            fields = List.copyOf(fields);
        }

        /** The last value of a field, as HTTP clients report a repeated one; null when absent. */
        String last(String name) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (fields.get(i).name().equalsIgnoreCase(name)) {
                    return fields.get(i).value();
                }
            }
            return null;
        }
    }

    /**
     * Before the origin is asked: {@link FillDecision.ServeStored} ({@code HIT}) or
     * {@link FillDecision.AskOrigin}.
     *
     * @param stored        what the tiers hold for the request, or null
     * @param mayRevalidate false when the fill asks again after a 304 for another representation
     * @param refreshMillis the property's refresh interval for the path (0: none): a fresh stored
     *                      response older than that is revalidated all the same
     * @param request       what the request that started the fill asks of the cache
     */
    public static FillDecision beforeAsking(CachedResponse stored, boolean mayRevalidate, long refreshMillis,
                                            RequestDirectives request, long now) {
        if (stored != null && stored.servableWithoutValidation(now) && !stored.dueForRefresh(refreshMillis, now)
                && request.accepts(stored, now)) {
            return new FillDecision.ServeStored(CacheStatus.HIT);
        }
        if (stored == null || !mayRevalidate) {
            return new FillDecision.AskOrigin(List.of(), false);
        }
        List<HeaderField> validators = new ArrayList<>(2);
        if (stored.etag() != null) {
            validators.add(new HeaderField("If-None-Match", stored.etag()));
        }
        String lastModified = stored.first("Last-Modified");
        if (lastModified != null) {
            validators.add(new HeaderField("If-Modified-Since", lastModified));
        }
        return new FillDecision.AskOrigin(validators, true);
    }

    /**
     * Once the origin's status line and header are in: {@link FillDecision.Fail},
     * {@link FillDecision.AskAgainUnconditionally}, {@link FillDecision.Revalidated},
     * {@link FillDecision.PassToRequester}, {@link FillDecision.ServeStored} ({@code STALE}) or
     * {@link FillDecision.ReadBody}.
     *
     * @param stored  what {@link #beforeAsking} was given
     * @param asked   what it decided
     * @param request what the request that started the fill asks of the cache
     */
    public static FillDecision onHead(CachedResponse stored, FillDecision.AskOrigin asked, OriginHead head,
                                      RequestDirectives request) {
        if (head.status() == 304) {
            return notModified(stored, asked, head, request);
        }
        if (head.status() >= 500 && stored != null && stored.servableOnOriginError(head.responseTime())) {
            return new FillDecision.ServeStored(CacheStatus.STALE);
        }
        return new FillDecision.ReadBody();
    }

    private static FillDecision notModified(CachedResponse stored, FillDecision.AskOrigin asked, OriginHead head,
                                            RequestDirectives request) {
        if (!asked.revalidating()) {
            return new FillDecision.Fail(502, "origin answered an unconditional request with 304");
        }
        if (!selects(head.last("ETag"), stored.etag())) {
            return new FillDecision.AskAgainUnconditionally();
        }
        CachedResponse refreshed = stored.refreshedBy(head.fields(), head.requestTime(), head.responseTime());
        if (StoragePolicy.whyNotStorable(refreshed, request) != null) {
            return new FillDecision.PassToRequester(refreshed, true);
        }
        return new FillDecision.Revalidated(refreshed);
    }

    /** Whether a 304's ETag (if any) names the stored response: a strong one must equal the stored one's. */
    private static boolean selects(String notModifiedEtag, String storedEtag) {
        return notModifiedEtag == null || notModifiedEtag.startsWith("W/") || notModifiedEtag.equals(storedEtag);
    }

    /**
     * With the origin's whole response in memory: {@link FillDecision.Store} or
     * {@link FillDecision.PassToRequester}.
     */
    public static FillDecision onBody(CachedResponse stored, CachedResponse fresh, RequestDirectives request) {
        if (StoragePolicy.whyNotStorable(fresh, request) == null) {
            return new FillDecision.Store(fresh, stored == null ? CacheStatus.MISS : CacheStatus.EXPIRED);
        }
        return new FillDecision.PassToRequester(fresh, stored != null);
    }

    /**
     * The origin gave no usable answer: {@link FillDecision.ServeStored} ({@code STALE}) or
     * {@link FillDecision.Fail} with the failure's own status and reason.
     */
    public static FillDecision onUnusable(CachedResponse stored, int status, String reason, long now) {
        if (stored != null && stored.servableOnOriginError(now)) {
            return new FillDecision.ServeStored(CacheStatus.STALE);
        }
        return new FillDecision.Fail(status, reason);
    }
}
