package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.edge.TestConfigs;
import dev.meridian.edge.http.HttpDates;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 9111 behaviour through real sockets: edge on loopback in front of a scripted origin. */
class EdgeCachingTest {
    private EdgeFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private static MockResponse ok(String body, String cacheControl) {
        return new MockResponse().setBody(body).setHeader("Cache-Control", cacheControl).setHeader("Content-Type", "text/plain");
    }

    @Test
    void missThenHitWithAgeAndBothUrlFormsShareOneEntry() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/images/a.jpg", ok("photo", "max-age=60").setHeader("Age", "7"));
        EdgeFixture.Fetched first = f.fetch("/images/a.jpg");
        assertThat(first.code()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("photo");
        assertThat(first.cache()).isEqualTo("MISS");
        assertThat(Long.parseLong(first.header("Age"))).isBetween(7L, 9L);
        EdgeFixture.Fetched second = f.fetch("/images/a.jpg");
        assertThat(second.cache()).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("photo");
        assertThat(second.header("Content-Length")).isEqualTo("5");
        long hitAge = Long.parseLong(second.header("Age"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> Long.parseLong(f.fetch("/images/a.jpg").header("Age")) > hitAge);
        EdgeFixture.Fetched inPath = f.fetch("/www.acme.test/images/a.jpg");
        assertThat(inPath.cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/images/a.jpg")).isEqualTo(1);
    }

    @Test
    void headServedFromCacheWithoutBody() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/h", ok("twelve bytes", "max-age=60"));
        f.fetch("/h");
        EdgeFixture.Fetched head = f.fetch(f.request("/h").head().build());
        assertThat(head.cache()).isEqualTo("HIT");
        assertThat(head.header("Content-Length")).isEqualTo("12");
        assertThat(head.body()).isEmpty();
        assertThat(f.origin.hits("/h")).isEqualTo(1);
    }

    @Test
    void forwardsToOriginWithOriginHostXffAndViaAndDropsHopByHop() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/fwd", ok("x", "max-age=60").setHeader("Keep-Alive", "timeout=5").setHeader("X-Internal", "secret")
                .setHeader("Connection", "X-Internal"));
        EdgeFixture.Fetched r = f.fetch(f.request("/fwd").header("X-Forwarded-For", "203.0.113.9").header("TE", "trailers")
                .header("If-None-Match", "\"nope\"").build());
        RecordedRequest seen = f.origin.requests("/fwd").get(0);
        assertThat(seen.getHeader("Host")).isEqualTo("www.acme.test");
        assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(seen.getHeader("Via")).isEqualTo("1.1 meridian-sjc");
        assertThat(seen.getHeader("TE")).isNull();
        assertThat(seen.getHeader("If-None-Match")).as("client preconditions are not part of a shared fill").isNull();
        assertThat(r.header("Via")).contains("1.1 meridian-sjc");
        assertThat(r.header("Keep-Alive")).isNull();
        assertThat(r.header("X-Internal")).isNull();
    }

    @Test
    void revalidationWith304RefreshesStoredHeaders() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/r",
                r -> ok("version one", "max-age=0").setHeader("ETag", "\"v1\"").setHeader("X-Version", "1"),
                r -> new MockResponse().setResponseCode(304).setHeader("ETag", "\"v1\"").setHeader("X-Version", "2")
                        .setHeader("Cache-Control", "max-age=60"));
        assertThat(f.fetch("/r").cache()).isEqualTo("MISS");
        EdgeFixture.Fetched revalidated = f.fetch("/r");
        assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
        assertThat(revalidated.body()).isEqualTo("version one");
        assertThat(revalidated.header("X-Version")).isEqualTo("2");
        assertThat(f.origin.requests("/r").get(1).getHeader("If-None-Match")).isEqualTo("\"v1\"");
        EdgeFixture.Fetched hit = f.fetch("/r");
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(hit.header("X-Version")).isEqualTo("2");
        assertThat(hit.header("Cache-Control")).as("the 304's freshness now governs").isEqualTo("max-age=60");
        assertThat(f.origin.hits("/r")).isEqualTo(2);
    }

    @Test
    void lastModifiedAloneRevalidatesWithIfModifiedSince() throws Exception {
        f = new EdgeFixture();
        String modified = "Tue, 01 Sep 2026 10:00:00 GMT";
        f.origin.on("/lm-only", r -> ok("dated", "max-age=0").setHeader("Last-Modified", modified),
                r -> new MockResponse().setResponseCode(304).setHeader("Last-Modified", modified).setHeader("Cache-Control", "max-age=60"));
        f.fetch("/lm-only");
        EdgeFixture.Fetched revalidated = f.fetch("/lm-only");
        assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
        assertThat(revalidated.body()).isEqualTo("dated");
        RecordedRequest conditional = f.origin.requests("/lm-only").get(1);
        assertThat(conditional.getHeader("If-Modified-Since")).isEqualTo(modified);
        assertThat(conditional.getHeader("If-None-Match")).isNull();
    }

    @Test
    void noCacheRevalidatesOnEveryRequest() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/nc", r -> ok("checked", "no-cache").setHeader("ETag", "\"n1\""),
                r -> new MockResponse().setResponseCode(304).setHeader("ETag", "\"n1\"").setHeader("Cache-Control", "no-cache"));
        f.fetch("/nc");
        for (int i = 0; i < 2; i++) {
            EdgeFixture.Fetched r = f.fetch("/nc");
            assertThat(r.cache()).isEqualTo("REVALIDATED");
            assertThat(r.body()).isEqualTo("checked");
        }
        assertThat(f.origin.hits("/nc")).isEqualTo(3);
    }

    @Test
    void staleResponseReplacedByNewOneIsExpired() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/e", r -> ok("old", "max-age=0").setHeader("Last-Modified", "Tue, 01 Sep 2026 10:00:00 GMT"),
                r -> ok("new", "max-age=60"));
        f.fetch("/e");
        EdgeFixture.Fetched second = f.fetch("/e");
        assertThat(second.cache()).isEqualTo("EXPIRED");
        assertThat(second.body()).isEqualTo("new");
        assertThat(f.origin.requests("/e").get(1).getHeader("If-Modified-Since")).isEqualTo("Tue, 01 Sep 2026 10:00:00 GMT");
    }

    @Test
    void anExpiredResponseWithoutValidatorsIsFetchedAgainWithoutConditions() throws Exception {
        f = new EdgeFixture();
        // Age 5 > max-age 1: stored, and stale at once.
        f.origin.on("/bare", r -> ok("old", "max-age=1").setHeader("Age", "5"), r -> ok("new", "max-age=60"));
        f.fetch("/bare");
        EdgeFixture.Fetched again = f.fetch("/bare");
        assertThat(again.cache()).isNotEqualTo("HIT");
        assertThat(again.body()).isEqualTo("new");
        RecordedRequest refetch = f.origin.requests("/bare").get(1);
        assertThat(refetch.getHeader("If-None-Match")).isNull();
        assertThat(refetch.getHeader("If-Modified-Since")).isNull();
        assertThat(f.origin.hits("/bare")).isEqualTo(2);
    }

    @Test
    void sMaxageOverridesMaxAgeAndExpiresAloneGivesFreshness() throws Exception {
        f = new EdgeFixture();
        long now = System.currentTimeMillis();
        f.origin.on("/shared", ok("shared", "max-age=0, s-maxage=60"));
        f.origin.on("/expires", new MockResponse().setBody("expires").setHeader("Date", HttpDates.format(now))
                .setHeader("Expires", HttpDates.format(now + 120_000)));
        for (String path : List.of("/shared", "/expires")) {
            assertThat(f.fetch(path).cache()).as(path).isEqualTo("MISS");
            assertThat(f.fetch(path).cache()).as(path).isEqualTo("HIT");
            assertThat(f.origin.hits(path)).as(path).isEqualTo(1);
        }
    }

    @Test
    void edgeAnswersClientConditionalsItself() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/c", ok("body", "max-age=60").setHeader("ETag", "W/\"v1\"").setHeader("Last-Modified", "Tue, 01 Sep 2026 10:00:00 GMT"));
        f.fetch("/c");
        EdgeFixture.Fetched inm = f.fetch(f.request("/c").header("If-None-Match", "\"v1\"").build());
        assertThat(inm.code()).isEqualTo(304);
        assertThat(inm.header("ETag")).isEqualTo("W/\"v1\"");
        assertThat(inm.body()).isEmpty();
        EdgeFixture.Fetched ims = f.fetch(f.request("/c").header("If-Modified-Since", "Wed, 02 Sep 2026 10:00:00 GMT").build());
        assertThat(ims.code()).isEqualTo(304);
        EdgeFixture.Fetched changed = f.fetch(f.request("/c").header("If-None-Match", "\"v0\"").build());
        assertThat(changed.code()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("body");
        assertThat(f.origin.hits("/c")).isEqualTo(1);
    }

    @Test
    void a304ThatMakesTheObjectPersonalGoesToItsRequestAloneAndTheObjectIsNoLongerKept() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/p",
                r -> ok("shared", "max-age=0").setHeader("ETag", "\"p1\""),
                r -> new MockResponse().setResponseCode(304).setHeader("ETag", "\"p1\"")
                        .setHeader("Cache-Control", "private, max-age=100").setHeader("Set-Cookie", "session=alice-secret"),
                r -> ok("shared again", "max-age=60").setHeader("ETag", "\"p2\""));
        f.fetch("/p");
        EdgeFixture.Fetched alice = f.fetch("/p");
        assertThat(alice.header("Set-Cookie")).isEqualTo("session=alice-secret");
        assertThat(alice.cache()).isEqualTo("PASS");
        EdgeFixture.Fetched next = f.fetch("/p");
        assertThat(next.header("Set-Cookie")).as("never another client's cookie").isNull();
        assertThat(next.body()).isEqualTo("shared again");
        assertThat(f.origin.hits("/p")).isEqualTo(3);
    }

    @Test
    void a304ForAnotherRepresentationRefreshesNothingAndTheEdgeAsksAgainWithoutConditions() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/e",
                r -> ok("v1body", "max-age=0").setHeader("ETag", "\"v1\""),
                r -> new MockResponse().setResponseCode(304).setHeader("ETag", "\"v2\"").setHeader("Cache-Control", "max-age=60"),
                r -> ok("v2body", "max-age=60").setHeader("ETag", "\"v2\""));
        f.fetch("/e");
        EdgeFixture.Fetched second = f.fetch("/e");
        assertThat(second.body()).isEqualTo("v2body");
        assertThat(second.header("ETag")).isEqualTo("\"v2\"");
        assertThat(f.origin.requests("/e").get(2).getHeader("If-None-Match")).isNull();
        assertThat(f.fetch("/e").body()).isEqualTo("v2body");
        assertThat(f.origin.hits("/e")).isEqualTo(3);
    }

    @Test
    void a304ToARequestWithoutConditionsIsABrokenOrigin() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/u", new MockResponse().setResponseCode(304).setHeader("ETag", "\"u\""));
        EdgeFixture.Fetched r = f.fetch("/u");
        assertThat(r.code()).isEqualTo(502);
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesOnceInBackground() throws Exception {
        f = new EdgeFixture();
        CountDownLatch refreshMayAnswer = new CountDownLatch(1);
        // Age 5 > max-age 1: stored already stale, inside the stale-while-revalidate window. The
        // origin holds the refresh until the stale answers below have been checked.
        f.origin.on("/swr", r -> ok("old", "max-age=1, stale-while-revalidate=60").setHeader("Age", "5"),
                r -> {
                    ScriptedOrigin.awaitQuietly(refreshMayAnswer);
                    return ok("new", "max-age=60");
                });
        assertThat(f.fetch("/swr").body()).isEqualTo("old");
        for (int i = 0; i < 20; i++) {
            EdgeFixture.Fetched r = f.fetch("/swr");
            assertThat(r.cache()).isEqualTo("STALE");
            assertThat(r.body()).isEqualTo("old");
        }
        refreshMayAnswer.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> "HIT".equals(f.fetch("/swr").cache()));
        assertThat(f.fetch("/swr").body()).isEqualTo("new");
        assertThat(f.origin.hits("/swr")).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesStaleWhenOriginFailsOrIsDown() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/sie", r -> ok("kept", "max-age=1, stale-if-error=600").setHeader("Age", "5"),
                r -> new MockResponse().setResponseCode(503).setBody("down"));
        f.origin.on("/strict", r -> ok("strict", "max-age=1, stale-if-error=600, must-revalidate").setHeader("Age", "5"),
                r -> new MockResponse().setResponseCode(503).setBody("down"));
        f.origin.on("/no-sie", ok("plain", "max-age=1").setHeader("Age", "5"));
        f.fetch("/sie");
        f.fetch("/strict");
        f.fetch("/no-sie");
        EdgeFixture.Fetched stale = f.fetch("/sie");
        assertThat(stale.code()).isEqualTo(200);
        assertThat(stale.cache()).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo("kept");
        assertThat(f.fetch("/strict").code()).as("must-revalidate forbids stale").isEqualTo(503);
        f.origin.close();
        EdgeFixture.Fetched refused = f.fetch("/sie");
        assertThat(refused.cache()).isEqualTo("STALE");
        assertThat(refused.body()).isEqualTo("kept");
        assertThat(f.fetch("/no-sie").code()).as("without stale-if-error the failure reaches the client").isEqualTo(502);
    }

    @Test
    void successfulUnsafeMethodInvalidatesUrlAndSameOriginLocation() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/u", ok("u", "max-age=60"));
        f.origin.on("/other", ok("other", "max-age=60"));
        f.fetch("/u");
        f.fetch("/other");
        assertThat(f.fetch("/u").cache()).isEqualTo("HIT");
        f.origin.on("/u", r -> r.getMethod().equals("POST")
                ? new MockResponse().setResponseCode(201).setHeader("Location", "http://www.acme.test/other")
                : ok("u2", "max-age=60"));
        EdgeFixture.Fetched post = f.fetch(f.request("/u").post(RequestBody.create("payload".getBytes(StandardCharsets.UTF_8))).build());
        assertThat(post.code()).isEqualTo(201);
        assertThat(post.cache()).isEqualTo("PASS");
        RecordedRequest posted = f.origin.requests("/u").stream().filter(r -> r.getMethod().equals("POST")).findFirst().orElseThrow();
        assertThat(posted.getBody().readUtf8()).isEqualTo("payload");
        EdgeFixture.Fetched after = f.fetch("/u");
        assertThat(after.cache()).isEqualTo("MISS");
        assertThat(after.body()).isEqualTo("u2");
        assertThat(f.fetch("/other").cache()).isEqualTo("MISS");
    }

    @Test
    void failedUnsafeMethodLeavesCacheAlone() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/keep", r -> r.getMethod().equals("DELETE") ? new MockResponse().setResponseCode(500) : ok("k", "max-age=60"));
        f.fetch("/keep");
        assertThat(f.fetch(f.request("/keep").delete().build()).code()).isEqualTo(500);
        assertThat(f.fetch("/keep").cache()).isEqualTo("HIT");
    }

    @Test
    void aSuccessfulDeleteInvalidatesToo() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/gone", r -> r.getMethod().equals("DELETE") ? new MockResponse().setResponseCode(204) : ok("g", "max-age=60"));
        f.fetch("/gone");
        assertThat(f.fetch("/gone").cache()).isEqualTo("HIT");
        assertThat(f.fetch(f.request("/gone").delete().build()).code()).isEqualTo(204);
        assertThat(f.fetch("/gone").cache()).isEqualTo("MISS");
    }

    @Test
    void varyKeepsVariantsApartAndVaryStarIsNotCached() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/v", r -> ok("lang=" + r.getHeader("Accept-Language"), "max-age=60").setHeader("Vary", "Accept-Language"));
        f.origin.on("/star", r -> ok("star", "max-age=60").setHeader("Vary", "*"));
        assertThat(f.fetch(f.request("/v").header("Accept-Language", "fr").build()).body()).isEqualTo("lang=fr");
        assertThat(f.fetch(f.request("/v").header("Accept-Language", "de").build()).body()).isEqualTo("lang=de");
        EdgeFixture.Fetched fr = f.fetch(f.request("/v").header("Accept-Language", "fr").build());
        assertThat(fr.cache()).isEqualTo("HIT");
        assertThat(fr.body()).isEqualTo("lang=fr");
        assertThat(fr.header("Vary")).isEqualTo("Accept-Language");
        assertThat(f.fetch(f.request("/v").header("Accept-Language", "de").build()).body()).isEqualTo("lang=de");
        assertThat(f.origin.hits("/v")).isEqualTo(2);
        f.fetch("/star");
        assertThat(f.fetch("/star").cache()).isEqualTo("PASS");
        assertThat(f.origin.hits("/star")).isEqualTo(2);
    }

    @Test
    void equivalentRequestHeadersShareAVariant() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/n", r -> ok("lang=" + r.getHeader("Accept-Language"), "max-age=60").setHeader("Vary", "Accept-Language"));
        assertThat(f.fetch(f.request("/n").header("Accept-Language", "en;q=0.5, fr").build()).cache()).isEqualTo("MISS");

        EdgeFixture.Fetched same = f.fetch(f.request("/n").header("Accept-Language", "FR , en;q=0.500").build());

        assertThat(same.cache()).isEqualTo("HIT");
        assertThat(same.body()).isEqualTo("lang=en;q=0.5, fr");
        assertThat(f.fetch(f.request("/n").header("Accept-Language", "en, fr").build()).cache())
                .as("ties reordered: a variant of its own").isEqualTo("MISS");
        assertThat(f.origin.hits("/n")).isEqualTo(2);
    }

    @Test
    void mustUnderstandOverridesNoStoreForAStatusTheEdgeUnderstands() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/mu", ok("mu", "must-understand, no-store, max-age=60"));
        f.origin.on("/mu-teapot", r -> ok("tea", "must-understand, no-store, max-age=60").setResponseCode(418));
        f.fetch("/mu");
        f.fetch("/mu-teapot");

        EdgeFixture.Fetched understood = f.fetch("/mu");
        EdgeFixture.Fetched notUnderstood = f.fetch("/mu-teapot");

        assertThat(understood.cache()).isEqualTo("HIT");
        assertThat(understood.header("Cache-Control")).as("sent on untouched").isEqualTo("must-understand, no-store, max-age=60");
        assertThat(notUnderstood.cache()).isEqualTo("PASS");
        assertThat(f.origin.hits("/mu")).isEqualTo(1);
        assertThat(f.origin.hits("/mu-teapot")).isEqualTo(2);
    }

    @Test
    void noStorePrivateAndAuthorizationAreNeverStored() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/ns", ok("ns", "no-store"));
        f.origin.on("/p", ok("p", "private, max-age=60"));
        f.origin.on("/auth", ok("auth", "max-age=60"));
        for (int i = 0; i < 2; i++) {
            assertThat(f.fetch("/ns").cache()).isEqualTo("PASS");
            assertThat(f.fetch("/p").cache()).isEqualTo("PASS");
            assertThat(f.fetch(f.request("/auth").header("Authorization", "Bearer x").build()).cache()).isEqualTo("PASS");
        }
        assertThat(f.origin.hits("/ns")).isEqualTo(2);
        assertThat(f.origin.hits("/p")).isEqualTo(2);
        assertThat(f.origin.hits("/auth")).isEqualTo(2);
        assertThat(f.origin.requests("/auth").get(0).getHeader("Authorization")).isEqualTo("Bearer x");
    }

    @Test
    void defaultTtlCachesResponsesWithoutFreshnessOnlyWhenConfigured() throws Exception {
        f = new EdgeFixture(url -> TestConfigs.onePop(url, "", "{ memory: 8MB, maxObjectSize: 1MB }", "60s"));
        f.origin.on("/plain", new MockResponse().setBody("plain"));
        f.fetch("/plain");
        assertThat(f.fetch("/plain").cache()).isEqualTo("HIT");
        f.close();
        f = new EdgeFixture();
        f.origin.on("/plain", new MockResponse().setBody("plain"));
        f.fetch("/plain");
        assertThat(f.fetch("/plain").cache()).isEqualTo("PASS");
        assertThat(f.origin.hits("/plain")).isEqualTo(2);
    }

    @Test
    void heuristicFreshnessFromLastModified() throws Exception {
        f = new EdgeFixture();
        f.origin.on("/lm", new MockResponse().setBody("lm").setHeader("Last-Modified", "Tue, 01 Sep 2020 10:00:00 GMT"));
        f.fetch("/lm");
        assertThat(f.fetch("/lm").cache()).isEqualTo("HIT");
    }
}
