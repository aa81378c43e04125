package dev.meridian.e2e;

import static dev.meridian.e2e.CdnFixture.lab;
import static dev.meridian.e2e.CdnFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Validation (RFC 9111 4.3): the edge revalidating with the origin, and answering clients' conditionals itself. */
class RevalidationTest {
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
    void aStaleEntryIsRevalidatedAndThe304RefreshesItsStoredHeaders() {
        String url = lab("refresh", "max-age=1");
        var first = cdn.fetch(url);
        assertThat(first.cache()).isEqualTo("MISS");
        assertThat(first.header("X-Marker")).isNull();

        // Same validators, new headers: only a 304 can bring these into the stored response.
        cdn.origin.overrideHeaders(path(url), Map.of("Cache-Control", "max-age=60", "X-Marker", "refreshed"));
        var revalidated = cdn.awaitNotHit(url);
        assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
        assertThat(revalidated.body()).isEqualTo(first.body());
        assertThat(cdn.origin.lastRequestHeaders(path(url)))
                .hasValueSatisfying(h -> assertThat(h.get("if-none-match")).isEqualTo(first.header("ETag")));

        var after = cdn.fetch(url);
        assertThat(after.cache()).as("the 304's max-age=60 now governs").isEqualTo("HIT");
        assertThat(after.header("X-Marker")).isEqualTo("refreshed");
        assertThat(after.header("Cache-Control")).isEqualTo("max-age=60");
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(2);
    }

    @Test
    void lastModifiedAloneRevalidatesWithIfModifiedSince() {
        String url = lab("lm-only", "max-age=1", "etag=off");
        var first = cdn.fetch(url);
        var revalidated = cdn.awaitNotHit(url);
        assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
        assertThat(cdn.origin.lastRequestHeaders(path(url)))
                .hasValueSatisfying(h -> assertThat(h.get("if-modified-since")).isEqualTo(first.header("Last-Modified")));
    }

    @Test
    void changedContentReplacesTheStaleEntry() {
        String url = lab("changed", "max-age=1");
        var first = cdn.fetch(url);
        int next = cdn.origin.bumpContent();
        var refetched = cdn.awaitNotHit(url);
        assertThat(refetched.status()).isEqualTo(200);
        assertThat(refetched.cache()).isIn("EXPIRED", "MISS");
        assertThat(refetched.body()).contains("content-version=" + next).isNotEqualTo(first.body());
        assertThat(refetched.header("X-Content-Version")).isEqualTo(Integer.toString(next));
    }

    @Test
    void noCacheRevalidatesOnEveryRequest() {
        String url = lab("nocache", "no-cache");
        cdn.fetch(url);
        var second = cdn.fetch(url);
        var third = cdn.fetch(url);
        assertThat(second.cache()).isEqualTo("REVALIDATED");
        assertThat(third.cache()).isEqualTo("REVALIDATED");
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(3);
    }

    @Test
    void clientConditionalsAreAnsweredByTheEdgeWithoutAskingTheOrigin() {
        String url = lab("client-cond", "max-age=60");
        var first = cdn.fetch(url);
        var byEtag = cdn.fetch(url, "If-None-Match", first.header("ETag"));
        assertThat(byEtag.status()).isEqualTo(304);
        assertThat(byEtag.body()).isEmpty();
        assertThat(byEtag.header("ETag")).isEqualTo(first.header("ETag"));
        var byDate = cdn.fetch(url, "If-Modified-Since", first.header("Last-Modified"));
        assertThat(byDate.status()).isEqualTo(304);
        var otherEtag = cdn.fetch(url, "If-None-Match", "\"something-else\"");
        assertThat(otherEtag.status()).isEqualTo(200);
        assertThat(otherEtag.body()).isEqualTo(first.body());
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(1);
    }
}
