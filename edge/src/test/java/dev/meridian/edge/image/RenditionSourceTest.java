package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenditionSourceTest {
    private static final String URL = "http://www.acme.test/p/a.jpg";
    private static final PropertyImagesConfig IMAGES = new PropertyImagesConfig(null, null, null, null, PropertyImagesConfig.Mode.HYBRID,
            null, null, List.of(new PropertyImagesConfig.Delivery("/p/", null, PropertyImagesConfig.Mode.ON_THE_FLY,
                    new PropertyImagesConfig.Layered(Duration.ofMillis(300)))));

    private static CachedResponse original(HeaderField... fields) {
        return new CachedResponse(200, List.of(fields), ByteBuffer.allocate(10), 1_000, 2_000, Duration.ZERO);
    }

    @Test
    void isWorkedOutOncePerStoredOriginalAndKeepsItsClassKeys() {
        CachedResponse original = original(new HeaderField("ETag", "\"v1\""));
        RenditionSource source = RenditionSource.of(original, URL, URL, "acme", IMAGES, "/p/a.jpg");

        assertThat(RenditionSource.of(original, new String(URL), URL, "acme", IMAGES, "/p/a.jpg")).isSameAs(source);
        assertThat(source.key("low")).isSameAs(source.key("low"))
                .isEqualTo(new RenditionKey("acme", URL, "\"v1\"", "low"));
        assertThat(source.key("low").cacheKey()).isEqualTo(new RenditionKey("acme", URL, "\"v1\"", "low").cacheKey());
        assertThat(source.mode()).isEqualTo(PropertyImagesConfig.Mode.ON_THE_FLY);
        assertThat(source.layered().budget()).isEqualTo(Duration.ofMillis(300));
        assertThat(source.id()).isEqualTo("acme\n" + URL + "\n\"v1\"");
    }

    @Test
    void aReloadedConfigAnotherCustomerOrUrlGetsAFreshOne() {
        CachedResponse original = original(new HeaderField("ETag", "\"v1\""));
        RenditionSource source = RenditionSource.of(original, URL, URL, "acme", IMAGES, "/p/a.jpg");
        PropertyImagesConfig reloaded = PropertyImagesConfig.defaults();

        RenditionSource afterReload = RenditionSource.of(original, URL, URL, "acme", reloaded, "/p/a.jpg");
        assertThat(afterReload).isNotSameAs(source);
        assertThat(afterReload.mode()).as("the reloaded config's mode").isEqualTo(PropertyImagesConfig.Mode.HYBRID);
        assertThat(afterReload.layered()).isNull();
        assertThat(RenditionSource.of(original, URL, URL, "other", reloaded, "/p/a.jpg").key("low").customer()).isEqualTo("other");
        assertThat(RenditionSource.of(original, URL + "?x", URL + "?x", "acme", reloaded, "/p/a.jpg").key("low").sourceUrl())
                .isEqualTo(URL + "?x");
    }

    @Test
    void keysCarryTheOriginalsValidator() {
        assertThat(RenditionSource.of(original(new HeaderField("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT")), URL, URL, "acme",
                IMAGES, "/p/a.jpg").key("low").validator()).isEqualTo("lm:1577836800000");
        assertThat(RenditionSource.of(original(), URL, URL, "acme", IMAGES, "/p/a.jpg").key("low").validator())
                .as("no validator: this very fill").isEqualTo("t:2000:10");
    }

    @Test
    void theVariantsOfAUrlThatShareAValidatorGetRenditionsOfTheirOwn() {
        HeaderField lm = new HeaderField("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT");
        HeaderField vary = new HeaderField("Vary", "Accept-Language");
        String de = URL + "\naccept-language=de";
        String en = URL + "\naccept-language=en";
        RenditionKey forDe = RenditionSource.of(original(lm, vary), URL, de, "acme", IMAGES, "/p/a.jpg").key("low");
        RenditionKey forEn = RenditionSource.of(original(lm, vary), URL, en, "acme", IMAGES, "/p/a.jpg").key("low");

        assertThat(forDe).isNotEqualTo(forEn);
        assertThat(forDe.etag()).isNotEqualTo(forEn.etag());
        assertThat(RenditionSource.of(original(lm, vary), URL, de, "acme", IMAGES, "/p/a.jpg").key("low")).isEqualTo(forDe);
        // Still in the URL's purge range, and a key the store can read back.
        assertThat(forDe.sourceUrl()).isEqualTo(URL);
        assertThat(forDe.validator()).startsWith("lm:1577836800000;v=").doesNotContain("accept-language");
        assertThat(RenditionKey.fromCacheKey(forDe.cacheKey())).contains(forDe);
    }

    @Test
    void keepsOnlyABoundedNumberOfVariantKeysButAnswersEveryOne() {
        RenditionSource source = RenditionSource.of(original(new HeaderField("ETag", "\"v1\"")), URL, URL, "acme", IMAGES, "/p/a.jpg");
        for (int i = 0; i < RenditionSource.MAX_KEPT_KEYS * 4; i++) {
            assertThat(source.key("t:w" + i).variant()).isEqualTo("t:w" + i);
        }
        String beyond = "t:w" + (RenditionSource.MAX_KEPT_KEYS * 4 - 1);
        assertThat(source.key(beyond)).as("not kept").isNotSameAs(source.key(beyond)).isEqualTo(source.key(beyond));
    }

    @Test
    void renditionKeysAreEqualByTheirParts() {
        RenditionKey a = new RenditionKey("acme", URL, "\"v1\"", "low");
        assertThat(a).isEqualTo(new RenditionKey("acme", URL, "\"v1\"", "low")).hasSameHashCodeAs(
                new RenditionKey("acme", URL, "\"v1\"", "low"));
        assertThat(a).isNotEqualTo(new RenditionKey("acme", URL, "\"v1\"", "high"))
                .isNotEqualTo(new RenditionKey("acme", URL, "\"v2\"", "low"))
                .isNotEqualTo(new RenditionKey("beta", URL, "\"v1\"", "low"));
        assertThat(RenditionKey.fromCacheKey(a.cacheKey())).contains(a);
        assertThat(RenditionKey.fromCacheKey(URL)).isEmpty();
    }
}
