package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.http.HttpDates;
import dev.meridian.imaging.EncodedRendition;
import dev.meridian.imaging.ImageFormat;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenditionResponseTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final EncodedRendition JPEG = new EncodedRendition(new byte[] {1, 2, 3}, ImageFormat.JPEG, 480, 270, false);
    private static final RenditionKey LOW = new RenditionKey("acme", "http://www.acme.test/a.jpg", "\"v1\"", "low");
    private static final RenditionKey SIGNED = new RenditionKey("acme", "http://www.acme.test/a.jpg", "\"v1\"", "t:300x0:inside:q80");

    /** An original received at {@code NOW}, kept by an edge whose property has a default TTL of an hour. */
    private static CachedResponse original(String... fields) {
        List<HeaderField> h = new ArrayList<>(List.of(new HeaderField("Content-Type", "image/jpeg"),
                new HeaderField("Date", HttpDates.format(NOW))));
        for (int i = 0; i < fields.length; i += 2) {
            h.add(new HeaderField(fields[i], fields[i + 1]));
        }
        return new CachedResponse(200, h, ByteBuffer.allocate(10), NOW, NOW, Duration.ofHours(1));
    }

    private static String cacheControl(String... fields) {
        return RenditionResponse.classCacheControl(original(fields), NOW + 10_000);
    }

    @Test
    void aClassRenditionIsPrivateAndKeepsWhatTheOriginalToldBrowsers() {
        assertThat(cacheControl("Cache-Control", "max-age=600")).isEqualTo("private, max-age=590");
        assertThat(cacheControl("Cache-Control", "public, max-age=60, s-maxage=86400"))
                .as("s-maxage is for shared caches").isEqualTo("private, max-age=50");
        assertThat(cacheControl("Cache-Control", "no-cache, max-age=86400")).isEqualTo("private, no-cache, max-age=86390");
        assertThat(cacheControl("Cache-Control", "max-age=600, must-revalidate")).isEqualTo("private, max-age=590, must-revalidate");
        assertThat(cacheControl("Cache-Control", "no-store")).isEqualTo("private, no-store");
        assertThat(cacheControl("Expires", HttpDates.format(NOW + 120_000))).isEqualTo("private, max-age=110");
        assertThat(cacheControl("Expires", "0")).as("an invalid Expires means expired").isEqualTo("private, max-age=0");
        assertThat(cacheControl()).as("the edge's default TTL is not the browser's").isEqualTo("private");
    }

    @Test
    void aClassRenditionsAgeCountsFromWhenItWasMadeAndItsMaxAgeIsWhatWasLeft() {
        List<HeaderField> h = List.of(new HeaderField("Content-Type", "image/jpeg"), new HeaderField("Date", HttpDates.format(NOW)),
                new HeaderField("Cache-Control", "max-age=600"));
        CachedResponse original = new CachedResponse(200, h, ByteBuffer.allocate(10), NOW, NOW, Duration.ZERO);
        long made = NOW + 100_000;

        CachedResponse low = RenditionResponse.of(LOW, original, JPEG, made);
        assertThat(low.all("Cache-Control")).containsExactly("private, max-age=500");
        assertThat(low.ageMillis(made)).as("the original's 100 s are in the max-age already").isZero();
        // A signed transformation keeps the original's caching whole, so it keeps the original's age too.
        assertThat(RenditionResponse.of(SIGNED, original, JPEG, made).ageMillis(made)).isEqualTo(100_000);
    }

    @Test
    void theOriginalInPlaceOfARenditionIsCachedAsARenditionIs() {
        CachedResponse original = original("Cache-Control", "public, max-age=600", "ETag", "\"o1\"", "Vary", "Accept-Language");
        CachedResponse fallback = RenditionResponse.fallback(original);
        assertThat(fallback.all("Cache-Control")).containsExactly("private, max-age=600");
        assertThat(fallback.all("Vary")).containsExactly("Accept-Language, " + RenditionResponse.HINTS);
        assertThat(fallback.etag()).isEqualTo("\"o1\"");
        assertThat(fallback.body()).isEqualTo(original.body());
        assertThat(fallback.ageMillis(NOW + 30_000) / 1000).as("as old as the original").isEqualTo(original.ageMillis(NOW + 30_000) / 1000);
    }

    @Test
    void renditionsKeepTheOriginalsVaryAndClassRenditionsAddTheHints() {
        CachedResponse varying = original("Cache-Control", "max-age=600", "Vary", "Accept-Language");
        assertThat(RenditionResponse.of(LOW, varying, JPEG, NOW).all("Vary"))
                .containsExactly("Accept-Language, " + RenditionResponse.HINTS);
        assertThat(RenditionResponse.of(SIGNED, varying, JPEG, NOW).all("Vary")).containsExactly("Accept-Language");

        CachedResponse plain = original("Cache-Control", "max-age=600");
        assertThat(RenditionResponse.of(LOW, plain, JPEG, NOW).all("Vary")).containsExactly(RenditionResponse.HINTS);
        assertThat(RenditionResponse.of(SIGNED, plain, JPEG, NOW).all("Vary")).isEmpty();
        assertThat(RenditionResponse.of(SIGNED, plain, JPEG, NOW).all("Cache-Control")).containsExactly("max-age=600");
        assertThat(RenditionResponse.of(LOW, plain, JPEG, NOW).etag()).isEqualTo(LOW.etag());
    }
}
