package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.KeyRange;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RenditionStoreTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final RenditionStore store = new RenditionStore(customer -> customer.equals("small") ? 10_000 : 1_000_000,
            clock::get);

    private static StoredRendition rendition(int bytes) {
        return new StoredRendition(new CachedResponse(200, List.of(), ByteBuffer.allocate(bytes), 0, 0, Duration.ZERO), null, 1, 1);
    }

    private static RenditionKey key(String customer, String url, String variant) {
        return new RenditionKey(customer, url, "\"v1\"", variant);
    }

    @Test
    void aCustomerNearItsQuotaLosesItsLeastUsedLongestIdleRenditions() {
        RenditionKey hot = key("small", "http://o/hot.jpg", "low");
        RenditionKey idle = key("small", "http://o/idle.jpg", "low");
        RenditionKey recent = key("small", "http://o/recent.jpg", "low");
        store.put(hot, rendition(3000));
        store.put(idle, rendition(3000));
        clock.addAndGet(1000);
        store.put(recent, rendition(3000));
        for (int i = 0; i < 5; i++) {
            assertThat(store.get(hot)).isNotNull();
        }
        clock.addAndGet(1000);
        assertThat(store.get(recent)).isNotNull();
        // Over the quota now: the unused idle one goes first, then the used-once one; the hot one stays.
        RenditionKey incoming = key("small", "http://o/new.jpg", "low");
        store.put(incoming, rendition(3000));
        assertThat(store.contains(idle)).isFalse();
        assertThat(store.contains(hot)).isTrue();
        assertThat(store.contains(incoming)).isTrue();
        assertThat(store.usedBy("small")).isLessThanOrEqualTo(10_000);
    }

    @Test
    void quotasArePerCustomer() {
        for (int i = 0; i < 10; i++) {
            store.put(key("small", "http://o/" + i + ".jpg", "low"), rendition(3000));
            store.put(key("big", "http://o/" + i + ".jpg", "low"), rendition(3000));
        }
        assertThat(store.usedBy("small")).isLessThanOrEqualTo(10_000);
        for (int i = 0; i < 10; i++) {
            assertThat(store.contains(key("big", "http://o/" + i + ".jpg", "low"))).isTrue();
        }
    }

    @Test
    void aRenditionBiggerThanTheWholeQuotaIsNotKept() {
        store.put(key("small", "http://o/huge.jpg", "high"), rendition(20_000));
        assertThat(store.usedBy("small")).isZero();
    }

    @Test
    void purgingOriginalsRemovesTheirRenditionsOnly() {
        for (String v : List.of("low", "medium", "high")) {
            store.put(key("big", "http://www.acme.test/images/a.jpg", v), rendition(100));
            store.put(key("big", "http://www.acme.test/images/ab.jpg", v), rendition(100));
            store.put(key("big", "http://www.acme.test/css/x.png", v), rendition(100));
            store.put(key("big", "http://other.test/images/a.jpg", v), rendition(100));
        }
        assertThat(store.purge(KeyRange.url("http://www.acme.test/images/a.jpg"))).isEqualTo(3);
        assertThat(store.contains(key("big", "http://www.acme.test/images/ab.jpg", "low"))).isTrue();
        assertThat(store.purge(KeyRange.prefix("http://www.acme.test/images/"))).isEqualTo(3);
        assertThat(store.purge(KeyRange.prefix("http://www.acme.test/"))).isEqualTo(3);
        assertThat(store.contains(key("big", "http://other.test/images/a.jpg", "high"))).isTrue();
        assertThat(store.usedBy("big")).isEqualTo(3 * rendition(100).bytes());
    }
}
