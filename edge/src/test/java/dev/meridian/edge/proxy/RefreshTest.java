package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.edge.TestConfigs;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A property's refresh interval revalidates stored objects before reuse, whatever their own freshness. */
class RefreshTest {
    private EdgeFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void anObjectFreshForAnHourIsRevalidatedOnceTheRefreshIntervalHasPassed() throws Exception {
        f = new EdgeFixture(url -> TestConfigs.onePop(url,
                "        refresh: 2s\n        refreshPaths: [ { prefix: /live/, refresh: 0s } ]",
                "{ memory: 64MB, maxObjectSize: 1MB }", "0s"));
        for (String path : new String[] {"/news/today", "/live/feed"}) {
            f.origin.on(path, r -> "\"v1\"".equals(r.getHeader("If-None-Match"))
                    ? new MockResponse().setResponseCode(304).setHeader("ETag", "\"v1\"")
                    : new MockResponse().setHeader("Cache-Control", "max-age=3600").setHeader("ETag", "\"v1\"").setBody("v1"));
        }
        assertThat(f.fetch("/news/today").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/news/today").cache()).isEqualTo("HIT");
        await().atMost(Duration.ofSeconds(10)).until(() -> "REVALIDATED".equals(f.fetch("/news/today").cache()));
        assertThat(f.origin.requests("/news/today")).hasSize(2);
        assertThat(f.origin.requests("/news/today").get(1).getHeader("If-None-Match")).isEqualTo("\"v1\"");
        // The revalidation restarted the interval.
        assertThat(f.fetch("/news/today").cache()).isEqualTo("HIT");

        // A path prefix turns it off: its own freshness (an hour) rules.
        assertThat(f.fetch("/live/feed").cache()).isEqualTo("MISS");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.origin.requests("/news/today").size() == 3
                || f.fetch("/news/today").cache().equals("REVALIDATED"));
        assertThat(f.fetch("/live/feed").cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/live/feed")).isEqualTo(1);
    }
}
