package dev.meridian.e2e;

import static dev.meridian.e2e.CdnFixture.lab;
import static dev.meridian.e2e.CdnFixture.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Freshness (RFC 9111 4.2), Age, what may be stored (3), and Vary (4.1), through real sockets. */
class FreshnessTest {
    private static CdnFixture cdn;

    @BeforeAll
    static void start() {
        cdn = CdnFixture.start();
    }

    @AfterAll
    static void stop() {
        cdn.close();
    }

    @Test
    void aFreshResponseIsServedFromCacheWithAnAgeThatGrows() {
        String url = lab("fresh", "public, max-age=60");
        var first = cdn.fetch(url);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.cache()).isEqualTo("MISS");
        var second = cdn.fetch(url);
        assertThat(second.cache()).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(Integer.parseInt(second.age())).isBetween(0, 2);
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> Integer.parseInt(cdn.fetch(url).age()) >= 2);
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(1);
    }

    @Test
    void sMaxageOverridesMaxAgeForASharedCache() {
        String url = lab("smaxage", "max-age=0, s-maxage=60");
        cdn.fetch(url);
        assertThat(cdn.fetch(url).cache()).isEqualTo("HIT");
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(1);
    }

    @Test
    void expiresGivesFreshnessWhenThereIsNoMaxAge() {
        String url = lab("expires", null, "expires=120");
        cdn.fetch(url);
        assertThat(cdn.fetch(url).cache()).isEqualTo("HIT");
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(1);
    }

    @Test
    void lastModifiedAloneGivesHeuristicFreshness() {
        // Modified ten hours ago: a tenth of that (an hour) of heuristic freshness.
        String url = lab("heuristic", null, "lmAgo=36000", "etag=off");
        cdn.fetch(url);
        assertThat(cdn.fetch(url).cache()).isEqualTo("HIT");
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(1);
    }

    @Test
    void withoutFreshnessOrValidatorsNothingIsReused() {
        String url = lab("bare", null, "lm=off", "etag=off");
        cdn.fetch(url);
        assertThat(cdn.fetch(url).cache()).isNotEqualTo("HIT");
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(2);
    }

    @Test
    void noStoreAndPrivateAreNeverServedFromCache() {
        for (String cc : new String[] {"no-store", "private, max-age=60"}) {
            String url = lab("unstored-" + cc.charAt(0), cc);
            var first = cdn.fetch(url);
            var second = cdn.fetch(url);
            assertThat(second.cache()).as(cc).isNotEqualTo("HIT");
            assertThat(second.body()).isEqualTo(first.body());
            assertThat(cdn.origin.requestCount(path(url))).as(cc).isEqualTo(2);
        }
    }

    @Test
    void anExpiredResponseWithoutValidatorsIsFetchedAgain() {
        String url = lab("expiring", "max-age=1", "lm=off", "etag=off");
        assertThat(cdn.fetch(url).cache()).isEqualTo("MISS");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> cdn.origin.requestCount(path(url)) == 2 || !"HIT".equals(cdn.fetch(url).cache()));
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(2);
    }

    @Test
    void varyKeepsOneVariantPerNamedRequestHeader() {
        var de = cdn.fetch("/api/greeting.json", "Accept-Language", "de");
        var en = cdn.fetch("/api/greeting.json", "Accept-Language", "en");
        var deAgain = cdn.fetch("/api/greeting.json", "Accept-Language", "de");
        var enAgain = cdn.fetch("/api/greeting.json", "Accept-Language", "en");
        assertThat(de.body()).contains("Hallo");
        assertThat(en.body()).contains("Hello");
        assertThat(deAgain.cache()).isEqualTo("HIT");
        assertThat(deAgain.body()).contains("Hallo");
        assertThat(enAgain.cache()).isEqualTo("HIT");
        assertThat(enAgain.body()).contains("Hello");
        assertThat(deAgain.header("Vary")).isEqualTo("Accept-Language");
        assertThat(cdn.origin.requestCount("/api/greeting.json")).isEqualTo(2);
    }

    @Test
    void varyStarIsNotCached() {
        String url = lab("varystar", "max-age=60", "vary=*");
        cdn.fetch(url);
        assertThat(cdn.fetch(url).cache()).isNotEqualTo("HIT");
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(2);
    }

    @Test
    void theSampleSiteIsServedThroughTheEdgeWithItsHeaders() {
        var page = cdn.fetch("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("http://acme.cdn.test/images/landscape-2mp.jpg");
        assertThat(page.header("Via")).isNotBlank();
        var photo = cdn.fetch("/images/landscape-2mp.jpg");
        assertThat(photo.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(cdn.fetch("/images/landscape-2mp.jpg").cache()).isEqualTo("HIT");
        assertThat(cdn.origin.lastRequestHeaders("/")).hasValueSatisfying(h -> {
            assertThat(h.get("host")).isEqualTo(CdnFixture.ORIGIN_HOST);
            assertThat(h.get("x-forwarded-for")).contains("127.0.0.1");
        });
    }
}
