package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.cache.disk.DiskStore;
import dev.meridian.edge.cache.disk.DiskTier;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.cache.MemoryTier;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.imaging.Imaging;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenditionStoreTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final TieredCache cache = new TieredCache(new MemoryTier(64L << 20), List.of());
    private final RenditionStore store = new RenditionStore(cache, Imaging.withDefaults(),
            customer -> customer.equals("small") ? 10_000 : 1_000_000, clock::get);

    private void put(RenditionKey key, StoredRendition r) {
        store.put(key, r, store.purgeMark());
    }

    private static StoredRendition rendition(int bytes) {
        return new StoredRendition(new CachedResponse(200, List.of(), ByteBuffer.allocate(bytes), 0, 0, Duration.ZERO), null, 1, 1);
    }

    private static RenditionKey key(String customer, String url, String variant) {
        return new RenditionKey(customer, url, "\"v1\"", variant);
    }

    @Test
    void hitsOnOneStoredRenditionShareWhatTheySend() {
        RenditionKey k = key("big", "http://o/a.jpg", "low");
        put(k, new StoredRendition(new CachedResponse(200, List.of(), ByteBuffer.allocate(100), 0, 0, Duration.ZERO), null, 480, 270));

        StoredRendition first = store.peek(k);
        assertThat(first.hitHeader()).isEqualTo("hit; 480x270");
        assertThat(store.peek(k)).as("nothing built per hit").isSameAs(first);
        assertThat(store.lookup(k)).isSameAs(first);

        put(k, new StoredRendition(new CachedResponse(200, List.of(), ByteBuffer.allocate(50), 0, 0, Duration.ZERO), null, 240, 135));
        StoredRendition replaced = store.peek(k);
        assertThat(replaced).isNotSameAs(first);
        assertThat(replaced.size()).isEqualTo("240x135");
        assertThat(replaced.response().bodyLength()).isEqualTo(50);
    }

    @Test
    void aCustomerNearItsQuotaLosesItsLeastUsedLongestIdleRenditions() {
        RenditionKey hot = key("small", "http://o/hot.jpg", "low");
        RenditionKey idle = key("small", "http://o/idle.jpg", "low");
        RenditionKey recent = key("small", "http://o/recent.jpg", "low");
        put(hot, rendition(3000));
        put(idle, rendition(3000));
        clock.addAndGet(1000);
        put(recent, rendition(3000));
        for (int i = 0; i < 5; i++) {
            assertThat(store.peek(hot)).isNotNull();
        }
        clock.addAndGet(1000);
        assertThat(store.peek(recent)).isNotNull();
        // Over the quota now: the unused idle one goes first, then the used-once one; the hot one stays.
        RenditionKey incoming = key("small", "http://o/new.jpg", "low");
        put(incoming, rendition(3000));
        assertThat(store.contains(idle)).isFalse();
        assertThat(cache.peekKey(idle.cacheKey())).as("reclaimed from the tier too").isNull();
        assertThat(store.contains(hot)).isTrue();
        assertThat(store.contains(incoming)).isTrue();
        assertThat(store.usedBy("small")).isLessThanOrEqualTo(10_000);
    }

    @Test
    void quotasArePerCustomer() {
        for (int i = 0; i < 10; i++) {
            put(key("small", "http://o/" + i + ".jpg", "low"), rendition(3000));
            put(key("big", "http://o/" + i + ".jpg", "low"), rendition(3000));
        }
        assertThat(store.usedBy("small")).isLessThanOrEqualTo(10_000);
        for (int i = 0; i < 10; i++) {
            assertThat(store.contains(key("big", "http://o/" + i + ".jpg", "low"))).isTrue();
        }
    }

    @Test
    void aRenditionBiggerThanTheWholeQuotaIsNotKept() {
        put(key("small", "http://o/huge.jpg", "high"), rendition(20_000));
        assertThat(store.usedBy("small")).isZero();
    }

    @Test
    void purgingOriginalsRemovesTheirRenditionsOnly() {
        for (String v : List.of("low", "medium", "high")) {
            put(key("big", "http://www.acme.test/images/a.jpg", v), rendition(100));
            put(key("big", "http://www.acme.test/images/ab.jpg", v), rendition(100));
            put(key("big", "http://www.acme.test/css/x.png", v), rendition(100));
            put(key("big", "http://other.test/images/a.jpg", v), rendition(100));
        }
        assertThat(store.purge(KeyRange.url("http://www.acme.test/images/a.jpg"), false)).isEqualTo(3);
        assertThat(store.contains(key("big", "http://www.acme.test/images/ab.jpg", "low"))).isTrue();
        assertThat(store.purge(KeyRange.prefix("http://www.acme.test/images/"), false)).isEqualTo(3);
        assertThat(store.purge(KeyRange.prefix("http://www.acme.test/"), false)).isEqualTo(3);
        assertThat(store.contains(key("big", "http://other.test/images/a.jpg", "high"))).isTrue();
        assertThat(store.usedBy("big")).isEqualTo(3 * rendition(100).bytes());
    }

    /** Asked for often, so the memory tier's admission policy prefers it to renditions nobody asked for. */
    private static void popular(TieredCache cache, String key) {
        for (int i = 0; i < 8; i++) {
            cache.peekKey(key);
        }
    }

    @Test
    void renditionsTheTiersEvictLeaveTheAccountingWithoutALookup() {
        TieredCache small = new TieredCache(new MemoryTier(64 * 1024), List.of());
        RenditionStore tight = new RenditionStore(small, Imaging.withDefaults(), c -> 1_000_000, clock::get);
        for (int i = 0; i < 4; i++) {
            assertThat(tight.put(key("acme", "http://o/" + i + ".jpg", "low"), rendition(4000), tight.purgeMark())).isTrue();
        }
        long kept = tight.usedBy("acme");
        assertThat(tight.count()).isEqualTo(4);

        // Originals fill the memory tier: it evicts the renditions on its own.
        for (int i = 0; i < 64; i++) {
            small.replace("http://o/original-" + i, new CachedResponse(200, List.of(), ByteBuffer.allocate(4000), 0, 0,
                    Duration.ZERO), small.purgeMark());
            popular(small, "http://o/original-" + i);
        }
        long stillHeld = java.util.stream.IntStream.range(0, 4)
                .filter(i -> small.storedBytes(key("acme", "http://o/" + i + ".jpg", "low").cacheKey()) >= 0).count();
        assertThat(stillHeld).as("the tier evicted some").isLessThan(4);
        assertThat(tight.count()).isEqualTo((int) stillHeld);
        assertThat(tight.usedBy("acme")).isEqualTo(kept / 4 * stillHeld);
    }

    @Test
    void aRenditionMemoryEvictsStaysAccountedWhileTheDiskTierKeepsIt(@TempDir Path dir) {
        try (DiskTier disk = new DiskTier(DiskStore.open(DiskStore.Settings.of(dir, 16L << 20, 1L << 20)))) {
            TieredCache layered = new TieredCache(new MemoryTier(64 * 1024), List.of(disk));
            RenditionStore withDisk = new RenditionStore(layered, Imaging.withDefaults(), c -> 1_000_000, clock::get);
            RenditionKey k = key("acme", "http://o/kept.jpg", "low");
            assertThat(withDisk.put(k, rendition(4000), withDisk.purgeMark())).isTrue();
            for (int i = 0; i < 64; i++) {
                layered.memory().store("http://o/original-" + i, new CachedResponse(200, List.of(), ByteBuffer.allocate(4000),
                        0, 0, Duration.ZERO));
                popular(layered, "http://o/original-" + i);
            }
            assertThat(layered.peekKey(k.cacheKey())).as("gone from memory").isNull();
            assertThat(withDisk.contains(k)).as("still on disk, still accounted").isTrue();
            assertThat(withDisk.usedBy("acme")).isEqualTo(disk.storedBytes(k.cacheKey()));
        }
    }

    @Test
    void afterARestartReclaimTakesWhatTheDiskTierHeldColdestFirst(@TempDir Path dir) {
        List<RenditionKey> keys = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> key("small", "http://o/" + (char) ('a' + i) + ".jpg", "low")).toList();
        // Hot ones in key order's middle and end, so neither key order nor map order could pass for "coldest first".
        List<RenditionKey> hot = List.of(keys.get(2), keys.get(5));
        try (DiskTier disk = new DiskTier(DiskStore.open(DiskStore.Settings.of(dir, 16L << 20, 1L << 20)))) {
            RenditionStore before = new RenditionStore(new TieredCache(new MemoryTier(1L << 20), List.of(disk)),
                    Imaging.withDefaults(), c -> 1_000_000, clock::get);
            keys.forEach(k -> assertThat(before.put(k, rendition(2000), before.purgeMark())).isTrue());
            for (int i = 0; i < 10; i++) {
                hot.forEach(k -> disk.lookup(k.cacheKey()));
            }
        }
        try (DiskTier disk = new DiskTier(DiskStore.open(DiskStore.Settings.of(dir, 16L << 20, 1L << 20)))) {
            long perRendition = disk.storedBytes(keys.get(0).cacheKey());
            // A quota that fits the six; the next one makes it reclaim down to 90%: two go.
            RenditionStore after = new RenditionStore(new TieredCache(new MemoryTier(1L << 20), List.of(disk)),
                    Imaging.withDefaults(), c -> 6 * perRendition + perRendition / 2, clock::get);
            assertThat(after.count()).isEqualTo(6);
            assertThat(after.put(key("small", "http://o/new.jpg", "low"), rendition(2000), after.purgeMark())).isTrue();

            assertThat(hot).allSatisfy(k -> assertThat(after.contains(k)).as("hot before the restart: kept").isTrue());
            assertThat(after.count()).isLessThan(7);
        }
    }

    @Test
    void theAccountingIsRebuiltFromWhatTheDiskTierKept(@TempDir Path dir) {
        byte[] jpeg = TestImages.jpeg(64, 48, 3);
        StoredRendition r = new StoredRendition(new CachedResponse(200, List.of(new HeaderField("Content-Type", "image/jpeg")),
                ByteBuffer.wrap(jpeg), 0, 0, Duration.ZERO), null, 64, 48);
        RenditionKey a = key("small", "http://o/a.jpg", "low");
        RenditionKey b = key("small", "http://o/b.jpg", "low");
        long used;
        try (DiskTier disk = new DiskTier(DiskStore.open(DiskStore.Settings.of(dir, 16L << 20, 1L << 20)))) {
            RenditionStore before = new RenditionStore(new TieredCache(new MemoryTier(1L << 20), List.of(disk)),
                    Imaging.withDefaults(), c -> 1_000_000, clock::get);
            assertThat(before.put(a, r, before.purgeMark())).isTrue();
            assertThat(before.put(b, r, before.purgeMark())).isTrue();
            used = before.usedBy("small");
            assertThat(used).as("accounted as stored on disk").isEqualTo(2 * disk.storedBytes(a.cacheKey()));
        }
        try (DiskTier disk = new DiskTier(DiskStore.open(DiskStore.Settings.of(dir, 16L << 20, 1L << 20)))) {
            RenditionStore after = new RenditionStore(new TieredCache(new MemoryTier(1L << 20), List.of(disk)),
                    Imaging.withDefaults(), c -> 1_000_000, clock::get);
            assertThat(after.usedBy("small")).isEqualTo(used);
            assertThat(after.contains(a) && after.contains(b)).isTrue();
            assertThat(after.peek(a)).as("memory is empty after a restart").isNull();
            StoredRendition found = after.lookup(a);
            assertThat(found.size()).as("its size read from the stored bytes").isEqualTo("64x48");
            assertThat(after.peek(a)).as("promoted to memory").isNotNull();
            assertThat(after.purge(KeyRange.url("http://o/a.jpg"), false)).isEqualTo(1);
            assertThat(after.usedBy("small")).isEqualTo(used / 2);
            assertThat(disk.storedBytes(a.cacheKey())).isEqualTo(-1);
        }
    }
}
