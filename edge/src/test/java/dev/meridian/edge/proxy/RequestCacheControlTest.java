package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.TestConfigs;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request's own Cache-Control: no-store always, no-cache and max-age unless the property ignores them. */
class RequestCacheControlTest {
    private EdgeFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private void script() {
        f.origin.on("/doc", r -> "\"v1\"".equals(r.getHeader("If-None-Match"))
                ? new MockResponse().setResponseCode(304).setHeader("ETag", "\"v1\"")
                : new MockResponse().setHeader("Cache-Control", "max-age=3600").setHeader("ETag", "\"v1\"").setBody("v1"));
    }

    @Test
    void aNoStoreRequestIsAnsweredButNothingItGetsIsStoredWhileAStoredResponseMayServeIt() throws Exception {
        f = new EdgeFixture();
        script();
        EdgeFixture.Fetched first = f.fetch(f.request("/doc").header("Cache-Control", "no-store").build());
        assertThat(first.body()).isEqualTo("v1");
        assertThat(first.cache()).isEqualTo("PASS");
        assertThat(f.fetch("/doc").cache()).as("the no-store request left nothing stored").isEqualTo("MISS");
        assertThat(f.fetch(f.request("/doc").header("Cache-Control", "no-store").build()).cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/doc")).isEqualTo(2);
    }

    @Test
    void noCacheAndMaxAgeZeroRevalidateWhatIsStoredByDefault() throws Exception {
        f = new EdgeFixture();
        script();
        assertThat(f.fetch("/doc").cache()).isEqualTo("MISS");
        assertThat(f.fetch(f.request("/doc").header("Cache-Control", "no-cache").build()).cache()).isEqualTo("REVALIDATED");
        assertThat(f.fetch(f.request("/doc").header("Cache-Control", "max-age=0").build()).cache()).isEqualTo("REVALIDATED");
        assertThat(f.fetch(f.request("/doc").header("Cache-Control", "max-age=600").build()).cache()).isEqualTo("HIT");
        assertThat(f.origin.requests("/doc")).hasSize(3);
        assertThat(f.origin.requests("/doc").get(2).getHeader("If-None-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void aPropertyCanIgnoreThemToShieldItsOrigin() throws Exception {
        f = new EdgeFixture(url -> TestConfigs.onePop(url, "        requestCacheControl: ignore",
                "{ memory: 64MB, maxObjectSize: 1MB }", "0s"));
        script();
        f.fetch("/doc");
        assertThat(f.fetch(f.request("/doc").header("Cache-Control", "no-cache").build()).cache()).isEqualTo("HIT");
        assertThat(f.fetch(f.request("/doc").header("Cache-Control", "max-age=0").build()).cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/doc")).isEqualTo(1);
    }
}
