package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.http.HeaderField;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TieredCacheTest {
    private static final String URL = "http://www.acme.test/a.css";

    private static CachedResponse response(int size, String... headers) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            fields.add(new HeaderField(headers[i], headers[i + 1]));
        }
        long now = System.currentTimeMillis();
        return new CachedResponse(200, fields, ByteBuffer.wrap(new byte[size]), now, now, Duration.ZERO);
    }

    private static CacheKeys.RequestHeaders headers(Map<String, List<String>> h) {
        return name -> {
            for (var e : h.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        };
    }

    @Test
    void onlyWhatATierDropsForRoomIsReportedEvicted() {
        TieredCache cache = new TieredCache(new MemoryTier(32 * 1024), List.of());
        List<String> evicted = new CopyOnWriteArrayList<>();
        cache.onEvicted(evicted::add);
        cache.replace(URL, response(1000));
        cache.replace(URL, response(1200));
        cache.remove(URL);
        cache.replace(URL, response(1000));
        cache.purge(KeyRange.url(URL), false);
        assertThat(evicted).as("replaced, removed and purged entries are not evictions").isEmpty();

        for (int i = 0; i < 40; i++) {
            cache.replace(URL + "?" + i, response(1000));
        }
        assertThat(evicted).isNotEmpty().allSatisfy(k -> assertThat(cache.storedBytes(k)).isEqualTo(-1));
    }

    @Test
    void aTagPurgeRemovesWhatCarriesTheTagWithinItsRangesAndNothingElse() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of());
        String acme = "http://www.acme.test/";
        cache.replace(acme + "a", response(10, "Surrogate-Key", "red  big"));
        cache.replace(acme + "b", response(10, "Cache-Tag", "blue, red"));
        cache.replace(acme + "c", response(10, "Surrogate-Key", "blue"));
        cache.replace(acme + "d", response(10, "Surrogate-Key", "red"));
        cache.replace(acme + "d", response(10, "Surrogate-Key", "green"));
        cache.store(acme + "v", headers(Map.of("Accept-Language", List.of("fr"))),
                response(10, "Vary", "Accept-Language", "Surrogate-Key", "red"));
        cache.replace("http://www.globex.test/e", response(10, "Surrogate-Key", "red"));

        TieredCache.TagPurge purged = cache.purgeTag("red", List.of(KeyRange.prefix(acme)), false);

        assertThat(purged.touched()).isEqualTo(3);
        assertThat(purged.urls()).containsExactly(acme + "a", acme + "b", acme + "v");
        assertThat(cache.peekKey(acme + "a")).isNull();
        assertThat(cache.peekKey(acme + "b")).isNull();
        assertThat(cache.peek(acme + "v", headers(Map.of("Accept-Language", List.of("fr")))).response()).isNull();
        assertThat(cache.peekKey(acme + "c")).as("another tag").isNotNull();
        assertThat(cache.peekKey(acme + "d")).as("stored again without the tag").isNotNull();
        assertThat(cache.peekKey("http://www.globex.test/e")).as("outside the ranges").isNotNull();
        assertThat(cache.purgeTag("red", List.of(KeyRange.prefix(acme)), false).touched()).isZero();
    }

    @Test
    void aSoftTagPurgeMarksForRevalidation() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of());
        cache.replace(URL, response(10, "Cache-Control", "max-age=600", "Surrogate-Key", "red"));

        assertThat(cache.purgeTag("red", List.of(KeyRange.prefix("")), true).touched()).isEqualTo(1);

        assertThat(cache.peekKey(URL).purged()).isTrue();
        assertThat(cache.purgeTag("red", List.of(KeyRange.prefix("")), false).touched())
                .as("the marked entry keeps its tags").isEqualTo(1);
    }

    @Test
    void aFillOvertakenByATagPurgeIsUndoneWhenItCarriesTheTagOrIsDerivedFromAMatch() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of());
        String matched = "http://www.acme.test/matched.jpg";
        cache.replace(matched, response(10, "Surrogate-Key", "red"));
        PurgeMark before = cache.purgeMark();

        cache.purgeTag("red", List.of(KeyRange.prefix("http://www.acme.test/")), false);

        assertThat(cache.store("http://www.acme.test/new", headers(Map.of()), response(10, "Surrogate-Key", "red"), before))
                .as("tagged, fetched before the purge").isNull();
        assertThat(cache.store("http://www.acme.test/plain", headers(Map.of()), response(10), before)).isNotNull();
        assertThat(cache.store("http://www.globex.test/new", headers(Map.of()), response(10, "Surrogate-Key", "red"), before))
                .as("outside the purge's ranges").isNotNull();
        assertThat(cache.replace(matched + "\u0001rendition", response(10), before))
                .as("a rendition of a matched original").isFalse();
        assertThat(cache.store("http://www.acme.test/after", headers(Map.of()), response(10, "Surrogate-Key", "red"),
                cache.purgeMark())).as("fetched after the purge").isNotNull();
    }

    @Test
    void tagsBeyondTheBoundsAreIgnoredAndCountedAndTagFieldsStayWithTheEdge() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            many.append("t").append(i).append(' ');
        }
        CachedResponse r = response(10, "Content-Type", "text/plain", "Surrogate-Key", many.toString(),
                "Cache-Tag", "x".repeat(300) + ", t1, caf\u00e9, last");

        assertThat(r.tags()).hasSize(64).startsWith("t0", "t1").doesNotContain("last");
        assertThat(r.ignoredTags()).isEqualTo(6 + 3);
        assertThat(r.clientHeaderCount()).as("only Content-Type goes to clients").isEqualTo(1);
        assertThat(r.headerName(0).toString()).isEqualTo("Content-Type");
    }

    @Test
    void urlKeysAreCanonicalAndVariantKeysExtendThem() {
        String url = CacheKeys.url("http", "WWW.Acme.Test", "/images/a.jpg", "w=1");
        assertThat(url).isEqualTo("http://www.acme.test/images/a.jpg?w=1");
        String gzip = CacheKeys.variant(url, List.of("accept-encoding"), headers(Map.of("Accept-Encoding", List.of(" gzip "))));
        String none = CacheKeys.variant(url, List.of("accept-encoding"), headers(Map.of()));
        assertThat(gzip).startsWith(url).isNotEqualTo(none);
        assertThat(CacheKeys.variant(url, List.of("accept-encoding"), headers(Map.of("accept-encoding", List.of("gzip")))))
                .isEqualTo(gzip);
        // One variant however a client spells the same list.
        String both = CacheKeys.variant(url, List.of("accept-encoding"), headers(Map.of("Accept-Encoding", List.of("gzip, br"))));
        for (List<String> spelling : List.of(List.of("br,gzip"), List.of("GZIP, BR"), List.of("br", "gzip"))) {
            assertThat(CacheKeys.variant(url, List.of("accept-encoding"), headers(Map.of("Accept-Encoding", spelling))))
                    .as(spelling.toString()).isEqualTo(both);
        }
        String language = CacheKeys.variant(url, List.of("accept-language"), headers(Map.of("Accept-Language", List.of("de, en"))));
        assertThat(CacheKeys.variant(url, List.of("accept-language"), headers(Map.of("Accept-Language", List.of("de,en")))))
                .isEqualTo(language)
                .as("order may mean preference elsewhere").isNotEqualTo(
                        CacheKeys.variant(url, List.of("accept-language"), headers(Map.of("Accept-Language", List.of("en, de")))));
    }

    @Test
    void aUrlWithAllItsVariantsMakesRoomForANewOneByGivingUpItsOldest() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 24), List.of());
        int extra = 5;
        for (int i = 0; i < VaryIndex.MAX_VARIANTS + extra; i++) {
            assertThat(cache.store(URL, headers(Map.of("Accept-Language", List.of("l" + i))),
                    response(10, "Cache-Control", "max-age=60", "Vary", "Accept-Language"))).isNotNull();
        }
        assertThat(((VaryIndex) cache.memory().lookup(URL)).variantKeys()).hasSize(VaryIndex.MAX_VARIANTS);
        for (int i = 0; i < VaryIndex.MAX_VARIANTS + extra; i++) {
            CachedResponse found = cache.peek(URL, headers(Map.of("Accept-Language", List.of("l" + i)))).response();
            if (i < extra) {
                assertThat(found).as("variant %d, given up", i).isNull();
            } else {
                assertThat(found).as("variant %d", i).isNotNull();
            }
        }
        List<String> keys = new ArrayList<>();
        cache.memory().forEachKey(keys::add);
        assertThat(keys).as("the given-up variants are gone, not just unlisted").hasSize(VaryIndex.MAX_VARIANTS + 1);
    }

    @Test
    void variantsAreStoredApartAndInvalidatedTogether() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of());
        CacheKeys.RequestHeaders gzip = headers(Map.of("Accept-Encoding", List.of("gzip")));
        CacheKeys.RequestHeaders br = headers(Map.of("Accept-Encoding", List.of("br")));
        CachedResponse a = response(10, "Cache-Control", "max-age=60", "Vary", "Accept-Encoding");
        CachedResponse b = response(20, "Cache-Control", "max-age=60", "Vary", "accept-encoding");
        cache.store(URL, gzip, a);
        cache.store(URL, br, b);
        assertThat(cache.peek(URL, gzip).response()).isSameAs(a);
        assertThat(cache.peek(URL, br).response()).isSameAs(b);
        assertThat(cache.peek(URL, headers(Map.of())).response()).isNull();
        cache.invalidate(URL);
        assertThat(cache.peek(URL, gzip).response()).isNull();
        assertThat(cache.peek(URL, br).response()).isNull();
        List<String> keys = new ArrayList<>();
        cache.memory().forEachKey(keys::add);
        assertThat(keys).isEmpty();
    }

    @Test
    void variantsStoredConcurrentlyAreAllIndexedSoInvalidationFindsThem() throws Exception {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 22), List.of());
        int variants = 48;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> stored = new ArrayList<>();
            for (int i = 0; i < variants; i++) {
                CacheKeys.RequestHeaders language = headers(Map.of("Accept-Language", List.of("l" + i)));
                stored.add(pool.submit(() -> {
                    start.await();
                    return cache.store(URL, language, response(10, "Cache-Control", "max-age=60", "Vary", "Accept-Language"));
                }));
            }
            start.countDown();
            for (var f : stored) {
                assertThat(f.get()).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(((VaryIndex) cache.memory().lookup(URL)).variantKeys()).hasSize(variants);
        cache.invalidate(URL);
        List<String> keys = new ArrayList<>();
        cache.memory().forEachKey(keys::add);
        assertThat(keys).isEmpty();
    }

    @Test
    void memoryTierIsBoundedByBytes() {
        MemoryTier memory = new MemoryTier(100_000);
        TieredCache cache = new TieredCache(memory, List.of());
        for (int i = 0; i < 50; i++) {
            cache.store(URL + i, headers(Map.of()), response(10_000, "Cache-Control", "max-age=60"));
        }
        memory.cleanUp();
        assertThat(memory.weightedSize()).isLessThanOrEqualTo(100_000);
        assertThat(memory.entryCount()).isLessThan(50);
    }

    @Test
    void lowerTierHitsArePromotedToMemory() {
        MemoryTier lower = new MemoryTier(1 << 20);
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of(lower));
        CachedResponse r = response(5, "Cache-Control", "max-age=60");
        lower.store(URL, r);
        Collection<String> none = List.of();
        assertThat(cache.peek(URL, n -> none).response()).isNull();
        assertThat(cache.lookup(URL, n -> none).response()).isSameAs(r);
        assertThat(cache.peek(URL, n -> none).response()).isSameAs(r);
    }

    @Test
    void aStoreWhoseFillAPurgeOfItsUrlOvertookIsUndone() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of());
        PurgeMark fillBegan = cache.purgeMark();
        cache.purge(KeyRange.url(URL), false);

        assertThat(cache.store(URL, headers(Map.of()), response(10, "Cache-Control", "max-age=60"), fillBegan)).isNull();
        assertThat(cache.replace(URL, response(10, "Cache-Control", "max-age=60"), fillBegan)).isFalse();

        assertThat(cache.storedBytes(URL)).isEqualTo(-1);
    }

    @Test
    void aStoreMarkedAfterThePurgeOrOvertakenByAPurgeOfAnotherUrlIsKept() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of());
        PurgeMark fillBegan = cache.purgeMark();
        cache.purge(KeyRange.url(URL + "?other"), false);

        assertThat(cache.store(URL, headers(Map.of()), response(10, "Cache-Control", "max-age=60"), fillBegan)).isEqualTo(URL);
        cache.purge(KeyRange.url(URL), false);
        assertThat(cache.replace(URL, response(10, "Cache-Control", "max-age=60"), cache.purgeMark())).isTrue();

        assertThat(cache.storedBytes(URL)).isPositive();
    }

    @Test
    void aMarkOlderThanEveryPurgeTheLogKeepsCountsAsPurged() {
        TieredCache cache = new TieredCache(new MemoryTier(1 << 20), List.of());
        PurgeMark slowFillBegan = cache.purgeMark();
        for (int i = 0; i <= PurgeLog.CAPACITY; i++) {
            cache.purge(KeyRange.url(URL + "?" + i), false);
        }

        assertThat(cache.purgedSince(slowFillBegan, URL)).as("too old to tell: the safe answer").isTrue();
        assertThat(cache.purgedSince(cache.purgeMark(), URL)).isFalse();
    }
}
