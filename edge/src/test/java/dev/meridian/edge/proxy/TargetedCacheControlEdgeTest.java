package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CDN-Cache-Control and Meridian-CDN-Cache-Control steer the edge's caching and never reach clients (RFC 9213). */
class TargetedCacheControlEdgeTest {
    private final EdgeFixture f = new EdgeFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void theTargetedFieldGovernsTheEdgeWhileTheClientGetsCacheControlUntouched() throws Exception {
        f.origin.on("/relayed", r -> new MockResponse().setHeader("Cache-Control", "no-store")
                .setHeader("CDN-Cache-Control", "max-age=60").setBody("relayed"));
        f.origin.on("/targeted", r -> new MockResponse().setHeader("Cache-Control", "no-store")
                .setHeader("CDN-Cache-Control", "max-age=60").setBody("shared"));
        EdgeFixture.Fetched first = f.fetch("/targeted");
        assertThat(first.cache()).isEqualTo("MISS");
        EdgeFixture.Fetched second = f.fetch("/targeted");
        assertThat(second.cache()).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("shared");
        assertThat(f.origin.hits("/targeted")).isEqualTo(1);
        assertThat(second.header("Meridian-CDN-Cache-Control")).isNull();
        // Relayed as the origin sends it (a no-store request goes to the origin uncached): stripped all the same.
        EdgeFixture.Fetched relayed = f.fetch(f.request("/relayed").header("Cache-Control", "no-store").build());
        assertThat(relayed.cache()).isEqualTo("PASS");
        for (EdgeFixture.Fetched r : new EdgeFixture.Fetched[] {first, second, relayed}) {
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.header("CDN-Cache-Control")).isNull();
        }
    }

    @Test
    void meridiansOwnFieldBeatsCdnCacheControlUnlessItIsInvalid() throws Exception {
        f.origin.on("/mine", r -> new MockResponse().setHeader("Cache-Control", "max-age=3600")
                .setHeader("CDN-Cache-Control", "max-age=3600").setHeader("Meridian-CDN-Cache-Control", "no-store")
                .setBody("x"));
        f.origin.on("/broken", r -> new MockResponse().setHeader("Cache-Control", "max-age=3600")
                .setHeader("CDN-Cache-Control", "no-store").setHeader("Meridian-CDN-Cache-Control", "max-age=60;;")
                .setBody("y"));
        assertThat(f.fetch("/mine").cache()).isEqualTo("PASS");
        EdgeFixture.Fetched again = f.fetch("/mine");
        assertThat(again.cache()).isEqualTo("PASS");
        assertThat(again.header("Meridian-CDN-Cache-Control")).isNull();
        assertThat(again.header("CDN-Cache-Control")).isNull();
        assertThat(again.header("Cache-Control")).isEqualTo("max-age=3600");

        f.fetch("/broken");
        assertThat(f.fetch("/broken").cache()).as("the invalid field is ignored; CDN-Cache-Control's no-store rules")
                .isEqualTo("PASS");
        assertThat(f.origin.hits("/broken")).isEqualTo(2);
    }
}
