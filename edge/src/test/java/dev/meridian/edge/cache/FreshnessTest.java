package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.http.CacheControl;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.http.HttpDates;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FreshnessTest {
    private static final long NOW = HttpDates.parse("Tue, 01 Sep 2026 10:00:00 GMT");

    private static CachedResponse response(int status, Duration defaultTtl, String... headers) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            fields.add(new HeaderField(headers[i], headers[i + 1]));
        }
        return new CachedResponse(status, fields, ByteBuffer.wrap(new byte[10]), NOW, NOW, defaultTtl);
    }

    private static CachedResponse response(String... headers) {
        return response(200, Duration.ZERO, headers);
    }

    @Test
    void sMaxAgeBeatsMaxAgeBeatsExpires() {
        assertThat(response("Cache-Control", "max-age=60, s-maxage=10", "Expires", "Tue, 01 Sep 2026 11:00:00 GMT")
                .lifetimeMillis()).isEqualTo(10_000);
        assertThat(response("Cache-Control", "max-age=60", "Expires", "Tue, 01 Sep 2026 11:00:00 GMT").lifetimeMillis())
                .isEqualTo(60_000);
    }

    @Test
    void expiresIsRelativeToDateAndInvalidExpiresIsExpired() {
        assertThat(response("Date", "Tue, 01 Sep 2026 09:00:00 GMT", "Expires", "Tue, 01 Sep 2026 09:30:00 GMT").lifetimeMillis())
                .isEqualTo(30 * 60_000);
        assertThat(response("Expires", "0", "Last-Modified", "Tue, 01 Sep 2025 10:00:00 GMT").lifetimeMillis()).isZero();
    }

    @Test
    void heuristicIsTenPercentOfLastModifiedAgeCapped() {
        assertThat(response("Date", "Tue, 01 Sep 2026 10:00:00 GMT", "Last-Modified", "Tue, 01 Sep 2026 00:00:00 GMT")
                .lifetimeMillis()).isEqualTo(3600_000);
        assertThat(response("Last-Modified", "Tue, 01 Sep 2020 00:00:00 GMT").lifetimeMillis())
                .isEqualTo(Freshness.HEURISTIC_CAP_MILLIS);
        // 302 is not heuristically cacheable.
        assertThat(response(302, Duration.ZERO, "Last-Modified", "Tue, 01 Sep 2026 00:00:00 GMT").lifetimeMillis()).isZero();
    }

    /** RFC 9110 15.1's heuristically cacheable statuses, and others that are not. */
    static Stream<Arguments> statuses() {
        return Stream.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501,
                        201, 202, 302, 303, 307, 400, 403, 409, 500, 502, 503, 504)
                .map(s -> Arguments.of(s, Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501).contains(s)));
    }

    @ParameterizedTest(name = "{0}: heuristically cacheable {1}")
    @MethodSource("statuses")
    void heuristicsGiveALifetimeToTheListedStatusesOnly(int status, boolean heuristic) {
        long lastModifiedLifetime = response(status, Duration.ZERO, "Date", "Tue, 01 Sep 2026 10:00:00 GMT",
                "Last-Modified", "Tue, 01 Sep 2026 00:00:00 GMT").lifetimeMillis();
        long defaultTtlLifetime = response(status, Duration.ofSeconds(90)).lifetimeMillis();
        long explicit = response(status, Duration.ofSeconds(90), "Cache-Control", "max-age=5").lifetimeMillis();

        assertThat(lastModifiedLifetime).isEqualTo(heuristic ? 3600_000 : 0);
        assertThat(defaultTtlLifetime).isEqualTo(heuristic ? 90_000 : 0);
        assertThat(explicit).as("explicit freshness, whatever the status").isEqualTo(5_000);
    }

    /** Status, Cache-Control, and why it is not stored (null: stored). */
    static Stream<Arguments> mustUnderstand() {
        return Stream.of(
                Arguments.of(200, "must-understand, no-store, max-age=60", null),
                Arguments.of(404, "no-store, must-understand, max-age=60", null),
                Arguments.of(302, "must-understand, no-store, max-age=60", null),
                Arguments.of(200, "no-store, max-age=60", "no-store"),
                Arguments.of(500, "max-age=60", null),
                Arguments.of(500, "must-understand, max-age=60", "must-understand with status 500, which the edge does not understand"),
                Arguments.of(418, "must-understand, no-store, max-age=60", "must-understand with status 418, which the edge does not understand"),
                Arguments.of(206, "must-understand, max-age=60", "206 (the edge stores whole representations)"),
                Arguments.of(206, "max-age=60", "206 (the edge stores whole representations)"),
                Arguments.of(200, "must-understand, no-store, private, max-age=60", "private"));
    }

    @ParameterizedTest(name = "{0} with \"{1}\": {2}")
    @MethodSource("mustUnderstand")
    void mustUnderstandStoresOnlyUnderstoodStatusesAndThenOverridesNoStore(int status, String cacheControl, String why) {
        assertThat(StoragePolicy.whyNotStorable(response(status, Duration.ZERO, "Cache-Control", cacheControl), RequestDirectives.NONE))
                .isEqualTo(why);
    }

    @Test
    void defaultTtlAppliesOnlyWithoutExplicitFreshness() {
        assertThat(response(200, Duration.ofSeconds(90)).lifetimeMillis()).isEqualTo(90_000);
        assertThat(response(200, Duration.ofSeconds(90), "Cache-Control", "max-age=5").lifetimeMillis()).isEqualTo(5_000);
        assertThat(response(200, Duration.ZERO).lifetimeMillis()).isZero();
    }

    @Test
    void ageCountsOriginAgeRoundTripAndResidentTime() {
        assertThat(Freshness.correctedInitialAgeMillis(5, HttpDates.INVALID, NOW - 200, NOW)).isEqualTo(5_200);
        assertThat(Freshness.correctedInitialAgeMillis(-1, NOW - 30_000, NOW, NOW)).isEqualTo(30_000);
        CachedResponse r = response("Cache-Control", "max-age=60", "Age", "50");
        assertThat(r.ageSeconds(NOW)).isEqualTo(50);
        assertThat(r.isFresh(NOW + 9_000)).isTrue();
        assertThat(r.isFresh(NOW + 10_000)).isFalse();
        assertThat(r.ageSeconds(NOW + 10_000)).isEqualTo(60);
    }

    @Test
    void anAgeTooGreatToHoldIsTakenAsTwoToTheThirtyFirstSecondsNotWrapped() {
        for (String age : List.of("10000000000000000", "99999999999999999999999", "2147483649")) {
            CachedResponse r = response("Cache-Control", "max-age=60", "Age", age);
            assertThat(r.isFresh(NOW)).as(age).isFalse();
            assertThat(r.ageSeconds(NOW)).as(age).isEqualTo(2147483648L);
        }
        assertThat(response("Cache-Control", "max-age=60", "Age", "-5").ageSeconds(NOW)).as("not delta-seconds: ignored").isZero();
    }

    @Test
    void anAgeThatIsNotOneNonNegativeIntegerIsIgnored() {
        for (String age : List.of("5, 6", "5 6", "-5", "+5", "5.0", "0x10", "", "five")) {
            assertThat(response("Cache-Control", "max-age=60", "Age", age).ageSeconds(NOW)).as(age).isZero();
        }
        assertThat(response("Cache-Control", "max-age=60", "Age", " 7 ").ageSeconds(NOW)).isEqualTo(7);
        assertThat(response("Cache-Control", "max-age=60", "Age", "5", "Age", "6").ageSeconds(NOW))
                .as("two Age fields are a list").isZero();
    }

    @Test
    void expiresIsReadInEveryDateFormAndAnInvalidOneMeansExpired() {
        String date = "Tue, 01 Sep 2026 10:00:00 GMT";
        for (String expires : List.of("Tue, 01 Sep 2026 10:01:00 GMT", "tuesday, 01-sep-26 10:01:00 GMT",
                "TUE SEP  1 10:01:00 2026")) {
            assertThat(response("Date", date, "Expires", expires).lifetimeMillis()).as(expires).isEqualTo(60_000);
        }
        for (String expires : List.of("0", "-1", "never", "Tue, 01 Sep 2026 25:01:00 GMT")) {
            CachedResponse r = response("Date", date, "Expires", expires, "Last-Modified", "Tue, 01 Sep 2020 10:00:00 GMT");
            assertThat(r.lifetimeMillis()).as(expires).isZero();
            assertThat(r.isFresh(NOW)).isFalse();
        }
    }

    @Test
    void staleWindowsRespectMustRevalidate() {
        CachedResponse swr = response("Cache-Control", "max-age=10, stale-while-revalidate=20, stale-if-error=100");
        assertThat(swr.staleWhileRevalidateAllows(NOW + 15_000)).isTrue();
        assertThat(swr.staleWhileRevalidateAllows(NOW + 31_000)).isFalse();
        assertThat(swr.staleIfErrorAllows(NOW + 100_000)).isTrue();
        CachedResponse strict = response("Cache-Control", "max-age=10, stale-if-error=100, must-revalidate");
        assertThat(strict.staleIfErrorAllows(NOW + 15_000)).isFalse();
        CachedResponse noCache = response("Cache-Control", "max-age=10, no-cache", "ETag", "\"v\"");
        assertThat(noCache.servableWithoutValidation(NOW)).isFalse();
    }

    @Test
    void refreshBy304ReplacesHeadersKeepsBodyAndRestartsAge() {
        CachedResponse r = response("Cache-Control", "max-age=10", "ETag", "\"v1\"", "X-Version", "1", "Content-Type", "text/plain");
        CachedResponse refreshed = r.refreshedBy(List.of(new HeaderField("Cache-Control", "max-age=100"),
                new HeaderField("X-Version", "2"), new HeaderField("Content-Length", "0")), NOW + 50_000, NOW + 50_000);
        assertThat(refreshed.first("X-Version")).isEqualTo("2");
        assertThat(refreshed.first("Content-Type")).isEqualTo("text/plain");
        assertThat(refreshed.lifetimeMillis()).isEqualTo(100_000);
        assertThat(refreshed.ageSeconds(NOW + 50_000)).isZero();
        assertThat(refreshed.bodyLength()).isEqualTo(10);
        assertThat(refreshed.all("X-Version")).containsExactly("2");
    }

    @Test
    void storagePolicyRefusesWhatASharedCacheMustNotKeep() {
        assertThat(StoragePolicy.whyNotStorable(response("Cache-Control", "max-age=60"), RequestDirectives.NONE)).isNull();
        assertThat(StoragePolicy.whyNotStorable(response("Cache-Control", "no-store, max-age=60"), RequestDirectives.NONE)).isEqualTo("no-store");
        assertThat(StoragePolicy.whyNotStorable(response("Cache-Control", "private, max-age=60"), RequestDirectives.NONE)).isEqualTo("private");
        assertThat(StoragePolicy.whyNotStorable(response("Cache-Control", "max-age=60", "Vary", "*"), RequestDirectives.NONE)).isEqualTo("Vary: *");
        assertThat(StoragePolicy.whyNotStorable(response("Cache-Control", "max-age=60", "Set-Cookie", "a=b"), RequestDirectives.NONE)).isEqualTo("Set-Cookie");
        assertThat(StoragePolicy.whyNotStorable(response(200, Duration.ZERO), RequestDirectives.NONE)).isNotNull();
        assertThat(StoragePolicy.whyNotStorable(response(500, Duration.ZERO, "ETag", "\"x\""), RequestDirectives.NONE)).isNotNull();
        assertThat(StoragePolicy.whyNotStorable(response(302, Duration.ZERO, "Cache-Control", "max-age=60"), RequestDirectives.NONE)).isNull();
        assertThat(StoragePolicy.whyNotStorable(response("Cache-Control", "no-cache", "ETag", "\"x\""), RequestDirectives.NONE)).isNull();
        assertThat(CacheControl.parse(response("Cache-Control", "no-cache").first("Cache-Control")).noCache()).isTrue();
    }
}
