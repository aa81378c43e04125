package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.http.ByteRanges;
import dev.meridian.edge.http.HeaderField;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeStrategyTest {
    private static final long NOW = 1_000_000_000L;

    private static CachedResponse head(long fetchedAt, String cacheControl) {
        return new CachedResponse(200, List.of(new HeaderField("ETag", "\"v1\""),
                new HeaderField("Cache-Control", cacheControl)), ByteBuffer.allocate(0), fetchedAt,
                fetchedAt, Duration.ZERO);
    }

    private static final CachedResponse FRESH = head(NOW, "max-age=60");
    /** Bytes 0-99 and 200-299 of 1000. */
    private static final StoredRanges HELD = StoredRanges.merge(StoredRanges.merge(null, FRESH, 1000, 0, new byte[100], 10_000),
            FRESH, 1000, 200, new byte[100], 10_000);

    private static RangeDecision decide(String range, String ifRange, StoredRanges held, RequestDirectives request) {
        return RangeStrategy.decide(range, ifRange, held, request, 0, NOW);
    }

    @Test
    void aRangeOnePartHoldsIsServedFromIt() {
        assertThat(decide("bytes=10-50", null, HELD, RequestDirectives.NONE))
                .isEqualTo(new RangeDecision.ServeParts(new ByteRanges.Slice(10, 50)));
        assertThat(decide("bytes=200-", null, StoredRanges.merge(HELD, FRESH, 1000, 100, new byte[900], 10_000),
                RequestDirectives.NONE)).isEqualTo(new RangeDecision.ServeParts(new ByteRanges.Slice(200, 999)));
    }

    @Test
    void aRangeNotHeldIsAskedOfTheOriginResolvedAgainstTheLength() {
        assertThat(decide("bytes=50-250", null, HELD, RequestDirectives.NONE)).isEqualTo(new RangeDecision.AskRange("bytes=50-250"));
        assertThat(decide("bytes=-100", null, HELD, RequestDirectives.NONE)).isEqualTo(new RangeDecision.AskRange("bytes=900-999"));
        assertThat(decide("bytes=900-5000", null, StoredRanges.lengthOnly(FRESH, 1000), RequestDirectives.NONE))
                .isEqualTo(new RangeDecision.AskRange("bytes=900-999"));
        assertThat(decide("bytes=1000-", null, HELD, RequestDirectives.NONE)).isEqualTo(new RangeDecision.AskRange("bytes=1000-"));
    }

    @Test
    void partsThatMayNotBeReusedAreAskedAgain() {
        CachedResponse stale = head(NOW - 120_000, "max-age=60");
        StoredRanges old = StoredRanges.merge(null, stale, 1000, 0, new byte[100], 10_000);
        assertThat(decide("bytes=0-9", null, old, RequestDirectives.NONE)).isEqualTo(new RangeDecision.AskRange("bytes=0-9"));
        RequestDirectives noCache = RequestDirectives.of(List.of("no-cache"), true, false);
        assertThat(decide("bytes=0-9", null, HELD, noCache)).isEqualTo(new RangeDecision.AskRange("bytes=0-9"));
        assertThat(RangeStrategy.decide("bytes=0-9", null, HELD, RequestDirectives.NONE, 1, NOW + 10))
                .isEqualTo(new RangeDecision.AskRange("bytes=0-9"));
    }

    @Test
    void withoutAUsableRangeTheWholeIsFilledUnlessThePartsAreComplete() {
        assertThat(decide(null, null, HELD, RequestDirectives.NONE)).isEqualTo(new RangeDecision.FillWhole());
        assertThat(decide("bytes=0-9,20-29", null, HELD, RequestDirectives.NONE)).isEqualTo(new RangeDecision.FillWhole());
        assertThat(decide("bytes=0-9", "\"v0\"", HELD, RequestDirectives.NONE)).isEqualTo(new RangeDecision.FillWhole());
        StoredRanges complete = StoredRanges.merge(null, FRESH, 1000, 0, new byte[1000], 10_000);
        assertThat(decide(null, null, complete, RequestDirectives.NONE)).isEqualTo(new RangeDecision.ServeParts(ByteRanges.WHOLE));
        assertThat(decide("bytes=0-9", "\"v1\"", HELD, RequestDirectives.NONE))
                .isEqualTo(new RangeDecision.ServeParts(new ByteRanges.Slice(0, 9)));
    }

    @Test
    void nothingHeldOrAuthorizationIsTheWholeFillsBusiness() {
        assertThat(decide("bytes=0-9", null, null, RequestDirectives.NONE)).isEqualTo(new RangeDecision.FillWhole());
        assertThat(decide("bytes=0-9", null, HELD, RequestDirectives.of(List.of(), true, true))).isEqualTo(new RangeDecision.FillWhole());
    }
}
