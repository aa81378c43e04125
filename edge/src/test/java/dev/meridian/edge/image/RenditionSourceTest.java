package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.core.config.ImagingConfig.RenditionConfig;
import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.imaging.ladder.RenditionLadder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenditionSourceTest {
    private static final String URL = "http://www.acme.test/p/a.jpg";
    private static final PropertyImagesConfig IMAGES = new PropertyImagesConfig(null, null, null, null, PropertyImagesConfig.Mode.HYBRID,
            null, null, List.of(new PropertyImagesConfig.Delivery("/p/", null, PropertyImagesConfig.Mode.ON_THE_FLY,
                    new PropertyImagesConfig.Layered(Duration.ofMillis(300)))));

    private static final RenditionLadder LADDER = new RenditionLadder(ImagingConfig.defaults());

    private static CachedResponse original(HeaderField... fields) {
        return new CachedResponse(200, List.of(fields), ByteBuffer.allocate(10), 1_000, 2_000, Duration.ZERO);
    }

    @Test
    void isWorkedOutOncePerStoredOriginalAndKeepsItsClassKeys() {
        CachedResponse original = original(new HeaderField("ETag", "\"v1\""));
        RenditionSource source = RenditionSource.of(original, URL, URL, "acme", IMAGES, LADDER, "/p/a.jpg");

        assertThat(RenditionSource.of(original, new String(URL), URL, "acme", IMAGES, LADDER, "/p/a.jpg")).isSameAs(source);
        RenditionSource.Variant low = source.forClass("low");
        assertThat(source.forClass("low")).isSameAs(low);
        assertThat(low.spec()).as("the path is layered: progressive").isEqualTo(LADDER.spec("low", "acme", IMAGES, "/p/a.jpg")
                .withProgressive(true));
        assertThat(low.key().customer()).isEqualTo("acme");
        assertThat(low.key().sourceUrl()).isEqualTo(URL);
        assertThat(low.key().validator()).isEqualTo("\"v1\"");
        assertThat(low.key().variant()).startsWith("low@");
        assertThat(source.mode()).isEqualTo(PropertyImagesConfig.Mode.ON_THE_FLY);
        assertThat(source.layered().budget()).isEqualTo(Duration.ofMillis(300));
        assertThat(source.id()).isEqualTo("acme\n" + URL + "\n\"v1\"");
    }

    @Test
    void aReloadedConfigAnotherCustomerOrUrlGetsAFreshOne() {
        CachedResponse original = original(new HeaderField("ETag", "\"v1\""));
        RenditionSource source = RenditionSource.of(original, URL, URL, "acme", IMAGES, LADDER, "/p/a.jpg");
        PropertyImagesConfig reloaded = PropertyImagesConfig.defaults();

        RenditionSource afterReload = RenditionSource.of(original, URL, URL, "acme", reloaded, LADDER, "/p/a.jpg");
        assertThat(afterReload).isNotSameAs(source);
        assertThat(afterReload.mode()).as("the reloaded config's mode").isEqualTo(PropertyImagesConfig.Mode.HYBRID);
        assertThat(afterReload.layered()).isNull();
        assertThat(RenditionSource.of(original, URL, URL, "other", reloaded, LADDER, "/p/a.jpg").forClass("low").key().customer()).isEqualTo("other");
        assertThat(RenditionSource.of(original, URL + "?x", URL + "?x", "acme", reloaded, LADDER, "/p/a.jpg").forClass("low").key().sourceUrl())
                .isEqualTo(URL + "?x");
    }

    @Test
    void keysCarryTheOriginalsValidator() {
        assertThat(RenditionSource.of(original(new HeaderField("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT")), URL, URL, "acme",
                IMAGES, LADDER, "/p/a.jpg").forClass("low").key().validator()).isEqualTo("lm:1577836800000");
        assertThat(RenditionSource.of(original(), URL, URL, "acme", IMAGES, LADDER, "/p/a.jpg").forClass("low").key().validator())
                .as("no validator: this very fill").isEqualTo("t:2000:10");
    }

    @Test
    void theVariantsOfAUrlThatShareAValidatorGetRenditionsOfTheirOwn() {
        HeaderField lm = new HeaderField("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT");
        HeaderField vary = new HeaderField("Vary", "Accept-Language");
        String de = URL + "\naccept-language=de";
        String en = URL + "\naccept-language=en";
        RenditionKey forDe = RenditionSource.of(original(lm, vary), URL, de, "acme", IMAGES, LADDER, "/p/a.jpg").forClass("low").key();
        RenditionKey forEn = RenditionSource.of(original(lm, vary), URL, en, "acme", IMAGES, LADDER, "/p/a.jpg").forClass("low").key();

        assertThat(forDe).isNotEqualTo(forEn);
        assertThat(forDe.etag()).isNotEqualTo(forEn.etag());
        assertThat(RenditionSource.of(original(lm, vary), URL, de, "acme", IMAGES, LADDER, "/p/a.jpg").forClass("low").key()).isEqualTo(forDe);
        // Still in the URL's purge range, and a key the store can read back.
        assertThat(forDe.sourceUrl()).isEqualTo(URL);
        assertThat(forDe.validator()).startsWith("lm:1577836800000;v=").doesNotContain("accept-language");
        assertThat(RenditionKey.fromCacheKey(forDe.cacheKey())).contains(forDe);
    }

    @Test
    void keepsOnlyABoundedNumberOfVariantsButAnswersEveryOne() {
        RenditionSource source = RenditionSource.of(original(new HeaderField("ETag", "\"v1\"")), URL, URL, "acme", IMAGES, LADDER,
                "/p/a.jpg");
        for (int w = 1; w <= RenditionSource.MAX_KEPT_KEYS * 4; w++) {
            Transformation t = new Transformation(w, 0, ImagingConfig.Fit.INSIDE, 80);
            assertThat(source.forTransformation(t).spec().maxWidth()).isEqualTo(w);
            assertThat(source.forTransformation(t).key().variant()).startsWith(t.variant() + "@");
        }
        Transformation beyond = new Transformation(RenditionSource.MAX_KEPT_KEYS * 4, 0, ImagingConfig.Fit.INSIDE, 80);
        assertThat(source.forTransformation(beyond)).as("not kept").isNotSameAs(source.forTransformation(beyond))
                .isEqualTo(source.forTransformation(beyond));
    }

    @Test
    void aKeyNamesItsSpecSoAChangedClassIsRenderedAnewAndATransformationIsTheSameForEveryone() {
        CachedResponse original = original(new HeaderField("ETag", "\"v1\""));
        PropertyImagesConfig hybrid = PropertyImagesConfig.defaults();
        RenditionKey before = RenditionSource.of(original, URL, URL, "acme", hybrid, LADDER, "/a.jpg").forClass("low").key();
        ImagingConfig d = ImagingConfig.defaults();
        List<ImagingConfig.SpeedClass> smaller = d.classes().stream().map(c -> !c.name().equals("low") ? c
                : new ImagingConfig.SpeedClass(c.name(), c.belowKbps(),
                        new RenditionConfig(null, null, null, c.rendition().quality() - 5, null, null, null, null, null)
                                .over(c.rendition()))).toList();
        RenditionLadder changed = new RenditionLadder(new ImagingConfig(d.limits(), smaller, d.customers(), d.defaultClass(),
                d.remeasure(), d.renditionQuota(), d.quotas(), d.renderWait()));
        RenditionSource after = RenditionSource.of(original, URL, URL, "acme", hybrid, changed, "/a.jpg");

        assertThat(after.forClass("low").key()).isNotEqualTo(before);
        assertThat(after.forClass("high").key())
                .isEqualTo(RenditionSource.of(original(new HeaderField("ETag", "\"v1\"")), URL, URL, "acme", hybrid, LADDER, "/a.jpg")
                        .forClass("high").key());
        // A transformation starts from the default class whoever asks, so its one key holds one image.
        Transformation t = new Transformation(300, 0, ImagingConfig.Fit.INSIDE, 70);
        assertThat(after.forTransformation(t).spec()).isEqualTo(t.applyTo(changed.spec(d.defaultClass(), "acme", hybrid, "/a.jpg")));
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
