package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.http.HttpDates;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of a fill, decided without an origin; the socket tests show the fill acting on them. */
class FillStrategyTest {
    private static final long NOW = HttpDates.parse("Tue, 01 Sep 2026 10:00:00 GMT");
    private static final long MINUTE = 60_000;
    private static final String LAST_MODIFIED = "Tue, 01 Sep 2026 09:00:00 GMT";

    private static List<HeaderField> fields(String... nameValues) {
        List<HeaderField> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new HeaderField(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    /** Received at {@code at}, with a body of ten bytes. */
    private static CachedResponse response(long at, String... headers) {
        return new CachedResponse(200, fields(headers), ByteBuffer.wrap(new byte[10]), at, at, Duration.ZERO);
    }

    /** Stored a minute ago for a minute: stale now. */
    private static CachedResponse staleStored(String... extra) {
        List<String> h = new ArrayList<>(List.of("Cache-Control", "max-age=60", "ETag", "\"v1\"", "Last-Modified", LAST_MODIFIED));
        h.addAll(List.of(extra));
        return response(NOW - 2 * MINUTE, h.toArray(String[]::new));
    }

    private static FillStrategy.OriginHead head(int status, String... headers) {
        return new FillStrategy.OriginHead(status, fields(headers), NOW, NOW);
    }

    /** What the fill asked the origin, given what was stored (revalidating it when there is one). */
    private static FillDecision.AskOrigin asked(CachedResponse stored) {
        return (FillDecision.AskOrigin) FillStrategy.beforeAsking(stored, true, 0, RequestDirectives.NONE, NOW);
    }

    @Test
    void aFreshStoredResponseIsAHitWithoutAskingTheOrigin() {
        CachedResponse fresh = response(NOW - 1000, "Cache-Control", "max-age=60");

        assertThat(FillStrategy.beforeAsking(fresh, true, 0, RequestDirectives.NONE, NOW)).isEqualTo(new FillDecision.ServeStored(CacheStatus.HIT));
        assertThat(FillStrategy.beforeAsking(fresh, false, 0, RequestDirectives.NONE, NOW)).as("even when revalidation is off")
                .isEqualTo(new FillDecision.ServeStored(CacheStatus.HIT));
    }

    @Test
    void aRequestsNoCacheOrMaxAgeRefusesAFreshStoredResponseWhichIsThenRevalidated() {
        CachedResponse fresh = response(NOW - 30_000, "Cache-Control", "max-age=60", "ETag", "\"v1\"");
        FillDecision revalidate = new FillDecision.AskOrigin(fields("If-None-Match", "\"v1\""), true);

        assertThat(FillStrategy.beforeAsking(fresh, true, 0, RequestDirectives.of(List.of("no-cache"), true, false), NOW))
                .isEqualTo(revalidate);
        assertThat(FillStrategy.beforeAsking(fresh, true, 0, RequestDirectives.of(List.of("max-age=0"), true, false), NOW))
                .isEqualTo(revalidate);
        assertThat(FillStrategy.beforeAsking(fresh, true, 0, RequestDirectives.of(List.of("max-age=10"), true, false), NOW))
                .as("older than the client accepts").isEqualTo(revalidate);
        assertThat(FillStrategy.beforeAsking(fresh, true, 0, RequestDirectives.of(List.of("max-age=40"), true, false), NOW))
                .isEqualTo(new FillDecision.ServeStored(CacheStatus.HIT));
        assertThat(FillStrategy.beforeAsking(fresh, true, 0, RequestDirectives.of(List.of("no-cache, max-age=0"), false, false), NOW))
                .as("ignored by the property").isEqualTo(new FillDecision.ServeStored(CacheStatus.HIT));
        assertThat(FillStrategy.beforeAsking(fresh, true, 0, RequestDirectives.of(List.of("no-store"), true, false), NOW))
                .as("no-store leaves reuse alone").isEqualTo(new FillDecision.ServeStored(CacheStatus.HIT));
    }

    @Test
    void aResponseToARequestWithAuthorizationIsStoredOnlyWhenItSaysItMayBeShared() {
        RequestDirectives authorized = RequestDirectives.of(null, true, true);
        for (String cc : List.of("public, max-age=60", "s-maxage=60", "max-age=60, must-revalidate")) {
            CachedResponse fresh = response(NOW, "Cache-Control", cc);
            assertThat(FillStrategy.onBody(null, fresh, authorized)).as(cc).isEqualTo(new FillDecision.Store(fresh, CacheStatus.MISS));
            assertThat(authorized.accepts(fresh, NOW)).as(cc).isTrue();
        }
        for (String cc : List.of("max-age=60", "private, public, max-age=60", "no-store, public", "proxy-revalidate, max-age=60")) {
            CachedResponse fresh = response(NOW, "Cache-Control", cc);
            assertThat(FillStrategy.onBody(null, fresh, authorized)).as(cc).isEqualTo(new FillDecision.PassToRequester(fresh, false));
        }
        assertThat(authorized.mayUse(response(NOW, "Cache-Control", "max-age=60"))).isFalse();
        assertThat(authorized.mayUse(response(NOW, "Cache-Control", "proxy-revalidate, max-age=60"))).isFalse();
        CachedResponse plain = response(NOW, "Cache-Control", "max-age=60");
        assertThat(FillStrategy.onBody(null, plain, RequestDirectives.NONE)).isEqualTo(new FillDecision.Store(plain, CacheStatus.MISS));
        assertThat(StoragePolicy.whyNotStorable(plain, authorized)).isEqualTo("Authorization without public, s-maxage or must-revalidate");
    }

    @Test
    void aRevalidationForARequestWithAuthorizationThatNoLongerMayBeSharedGoesToThatRequestAlone() {
        CachedResponse stored = staleStored("Cache-Control", "public, max-age=60");
        RequestDirectives authorized = RequestDirectives.of(null, true, true);
        FillDecision d = FillStrategy.onHead(stored, asked(stored), head(304, "ETag", "\"v1\"", "Cache-Control", "max-age=60"),
                authorized);
        assertThat(d).isInstanceOf(FillDecision.PassToRequester.class);
        assertThat(FillStrategy.onHead(stored, asked(stored), head(304, "ETag", "\"v1\"", "Cache-Control", "max-age=60"),
                RequestDirectives.NONE)).isInstanceOf(FillDecision.Revalidated.class);
    }

    @Test
    void aFreshStoredResponseMarkedNoCacheIsRevalidatedAnyway() {
        CachedResponse noCache = response(NOW - 1000, "Cache-Control", "max-age=60, no-cache", "ETag", "\"v1\"");

        assertThat(FillStrategy.beforeAsking(noCache, true, 0, RequestDirectives.NONE, NOW)).isEqualTo(new FillDecision.AskOrigin(
                fields("If-None-Match", "\"v1\""), true));
    }

    @Test
    void aStaleStoredResponseIsRevalidatedWithItsEntityTagAndLastModified() {
        assertThat(FillStrategy.beforeAsking(staleStored(), true, 0, RequestDirectives.NONE, NOW)).isEqualTo(new FillDecision.AskOrigin(
                fields("If-None-Match", "\"v1\"", "If-Modified-Since", LAST_MODIFIED), true));
    }

    @Test
    void aFreshStoredResponsePastThePropertysRefreshIntervalIsRevalidatedAndStandsInIfTheOriginFails() {
        CachedResponse fresh = response(NOW - 10 * MINUTE, "Cache-Control", "max-age=3600", "ETag", "\"v1\"");

        assertThat(FillStrategy.beforeAsking(fresh, true, 11 * MINUTE, RequestDirectives.NONE, NOW)).as("not yet due")
                .isEqualTo(new FillDecision.ServeStored(CacheStatus.HIT));
        FillDecision.AskOrigin asked = (FillDecision.AskOrigin) FillStrategy.beforeAsking(fresh, true, 10 * MINUTE, RequestDirectives.NONE, NOW);
        assertThat(asked).isEqualTo(new FillDecision.AskOrigin(fields("If-None-Match", "\"v1\""), true));
        // Still fresh by its own rules: an origin that fails meanwhile does not take it away.
        assertThat(FillStrategy.onUnusable(fresh, 502, "refused", NOW)).isEqualTo(new FillDecision.ServeStored(CacheStatus.STALE));
        assertThat(FillStrategy.onHead(fresh, asked, head(500), RequestDirectives.NONE)).isEqualTo(new FillDecision.ServeStored(CacheStatus.STALE));
    }

    @Test
    void nothingStoredOrARefetchAfterAMismatchedNotModifiedAsksWithoutConditions() {
        FillDecision.AskOrigin unconditional = new FillDecision.AskOrigin(List.of(), false);

        assertThat(FillStrategy.beforeAsking(null, true, 0, RequestDirectives.NONE, NOW)).isEqualTo(unconditional);
        assertThat(FillStrategy.beforeAsking(staleStored(), false, 0, RequestDirectives.NONE, NOW)).isEqualTo(unconditional);
    }

    @Test
    void aNotModifiedToAnUnconditionalRequestIsABadGateway() {
        FillDecision.AskOrigin unconditional = new FillDecision.AskOrigin(List.of(), false);

        assertThat(FillStrategy.onHead(null, unconditional, head(304), RequestDirectives.NONE)).isEqualTo(
                new FillDecision.Fail(502, "origin answered an unconditional request with 304"));
        assertThat(FillStrategy.onHead(staleStored(), unconditional, head(304), RequestDirectives.NONE)).as("stored, but not revalidated")
                .isInstanceOf(FillDecision.Fail.class);
    }

    @Test
    void aNotModifiedWithAnotherStrongEntityTagIsForAnotherRepresentationSoTheFillAsksAgainUnconditionally() {
        CachedResponse stored = staleStored();

        assertThat(FillStrategy.onHead(stored, asked(stored), head(304, "ETag", "\"v2\""), RequestDirectives.NONE))
                .isEqualTo(new FillDecision.AskAgainUnconditionally());
    }

    @Test
    void aNotModifiedWithTheSameWeakOrNoEntityTagRefreshesTheStoredResponse() {
        CachedResponse stored = staleStored();
        for (String[] etag : List.of(new String[] {"ETag", "\"v1\""}, new String[] {"ETag", "W/\"other\""}, new String[0])) {
            FillDecision d = FillStrategy.onHead(stored, asked(stored), head(304, etag), RequestDirectives.NONE);

            assertThat(d).as(String.join(": ", etag)).isInstanceOf(FillDecision.Revalidated.class);
        }
    }

    @Test
    void aNotModifiedRefreshesTheStoredHeaderFieldsAndRestartsTheAge() {
        CachedResponse stored = staleStored("X-Version", "1");

        FillDecision d = FillStrategy.onHead(stored, asked(stored),
                head(304, "Cache-Control", "max-age=120", "X-Version", "2", "Content-Length", "0"), RequestDirectives.NONE);

        CachedResponse refreshed = ((FillDecision.Revalidated) d).refreshed();
        assertThat(refreshed.first("X-Version")).isEqualTo("2");
        assertThat(refreshed.lifetimeMillis()).isEqualTo(2 * MINUTE);
        assertThat(refreshed.isFresh(NOW)).isTrue();
        assertThat(refreshed.bodyLength()).as("a 304 keeps the stored body").isEqualTo(10);
    }

    @Test
    void aNotModifiedThatMakesTheResponsePrivateGoesToTheRequesterAloneAndDropsTheStoredCopy() {
        CachedResponse stored = staleStored();
        for (String[] made : List.of(new String[] {"Cache-Control", "private, max-age=60"},
                new String[] {"Cache-Control", "no-store"}, new String[] {"Set-Cookie", "session=1"})) {
            FillDecision d = FillStrategy.onHead(stored, asked(stored), head(304, made), RequestDirectives.NONE);

            assertThat(d).as(made[1]).isInstanceOfSatisfying(FillDecision.PassToRequester.class, p -> {
                assertThat(p.dropStored()).isTrue();
                assertThat(p.response().first(made[0])).isEqualTo(made[1]);
            });
        }
    }

    @Test
    void aServerErrorWithinStaleIfErrorServesTheStoredResponseUnread() {
        CachedResponse stored = response(NOW - 2 * MINUTE, "Cache-Control", "max-age=60, stale-if-error=300");

        assertThat(FillStrategy.onHead(stored, asked(stored), head(500), RequestDirectives.NONE))
                .isEqualTo(new FillDecision.ServeStored(CacheStatus.STALE));
        assertThat(FillStrategy.onHead(stored, asked(stored), head(503), RequestDirectives.NONE))
                .isEqualTo(new FillDecision.ServeStored(CacheStatus.STALE));
    }

    @Test
    void aServerErrorPastStaleIfErrorOrWithoutItOrWithNothingStoredIsReadAsANewResponse() {
        CachedResponse expiredWindow = response(NOW - 10 * MINUTE, "Cache-Control", "max-age=60, stale-if-error=60");
        CachedResponse mustRevalidate = response(NOW - 2 * MINUTE,
                "Cache-Control", "max-age=60, stale-if-error=300, must-revalidate");

        assertThat(FillStrategy.onHead(expiredWindow, asked(expiredWindow), head(500), RequestDirectives.NONE)).isEqualTo(new FillDecision.ReadBody());
        assertThat(FillStrategy.onHead(mustRevalidate, asked(mustRevalidate), head(500), RequestDirectives.NONE)).isEqualTo(new FillDecision.ReadBody());
        assertThat(FillStrategy.onHead(staleStored(), asked(staleStored()), head(502), RequestDirectives.NONE)).isEqualTo(new FillDecision.ReadBody());
        assertThat(FillStrategy.onHead(null, asked(null), head(500), RequestDirectives.NONE)).isEqualTo(new FillDecision.ReadBody());
    }

    @Test
    void aNewResponseIsReadWhateverTheStatus() {
        CachedResponse stored = staleStored();
        for (int status : new int[] {200, 206, 301, 404, 499}) {
            assertThat(FillStrategy.onHead(stored, asked(stored), head(status), RequestDirectives.NONE)).as("" + status)
                    .isEqualTo(new FillDecision.ReadBody());
        }
    }

    @Test
    void aStorableNewResponseIsStoredAsAMissOrAsExpiredWhenItReplacesAStoredOne() {
        CachedResponse fresh = response(NOW, "Cache-Control", "max-age=60");

        assertThat(FillStrategy.onBody(null, fresh, RequestDirectives.NONE)).isEqualTo(new FillDecision.Store(fresh, CacheStatus.MISS));
        assertThat(FillStrategy.onBody(staleStored(), fresh, RequestDirectives.NONE)).isEqualTo(new FillDecision.Store(fresh, CacheStatus.EXPIRED));
    }

    @Test
    void aNewResponseThatMayNotBeStoredGoesToTheRequesterAloneAndDropsWhatIsStored() {
        for (String cc : List.of("private, max-age=60", "no-store", "max-age=0")) {
            CachedResponse fresh = response(NOW, "Cache-Control", cc);

            assertThat(FillStrategy.onBody(staleStored(), fresh, RequestDirectives.NONE)).as(cc).isEqualTo(new FillDecision.PassToRequester(fresh, true));
            assertThat(FillStrategy.onBody(null, fresh, RequestDirectives.NONE)).as(cc + ", nothing stored")
                    .isEqualTo(new FillDecision.PassToRequester(fresh, false));
        }
    }

    @Test
    void anUnreachableOriginWithinStaleIfErrorServesTheStoredResponse() {
        CachedResponse stored = response(NOW - 2 * MINUTE, "Cache-Control", "max-age=60, stale-if-error=300");

        assertThat(FillStrategy.onUnusable(stored, 504, "origin timed out", NOW))
                .isEqualTo(new FillDecision.ServeStored(CacheStatus.STALE));
    }

    @Test
    void anUnreachableOriginWithNothingToStandInFailsWithTheFailuresOwnStatus() {
        assertThat(FillStrategy.onUnusable(null, 504, "origin timed out", NOW))
                .isEqualTo(new FillDecision.Fail(504, "origin timed out"));
        assertThat(FillStrategy.onUnusable(staleStored(), 502, "origin sent a broken response", NOW))
                .isEqualTo(new FillDecision.Fail(502, "origin sent a broken response"));
        CachedResponse pastWindow = response(NOW - 10 * MINUTE, "Cache-Control", "max-age=60, stale-if-error=60");
        assertThat(FillStrategy.onUnusable(pastWindow, 502, "refused", NOW)).isEqualTo(new FillDecision.Fail(502, "refused"));
    }
}
