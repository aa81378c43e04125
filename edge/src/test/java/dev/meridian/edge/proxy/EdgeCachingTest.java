package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.edge.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 9111 behaviour through real sockets: edge on loopback, MockWebServer as origin. */
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
        f.on("/images/a.jpg", ok("photo", "max-age=60").setHeader("Age", "7"));
        EdgeFixture.Fetched first = f.fetch("/images/a.jpg");
        assertThat(first.code()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("photo");
        assertThat(first.cache()).isEqualTo("MISS");
        assertThat(Long.parseLong(first.header("Age"))).isBetween(7L, 9L);
        EdgeFixture.Fetched second = f.fetch("/images/a.jpg");
        assertThat(second.cache()).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("photo");
        assertThat(second.header("Age")).isNotNull();
        assertThat(second.header("Content-Length")).isEqualTo("5");
        EdgeFixture.Fetched inPath = f.fetch("/www.acme.test/images/a.jpg");
        assertThat(inPath.cache()).isEqualTo("HIT");
        assertThat(f.originHits("/images/a.jpg")).isEqualTo(1);
    }

    @Test
    void headServedFromCacheWithoutBody() throws Exception {
        f = new EdgeFixture();
        f.on("/h", ok("twelve bytes", "max-age=60"));
        f.fetch("/h");
        EdgeFixture.Fetched head = f.fetch(f.request("/h").head().build());
        assertThat(head.cache()).isEqualTo("HIT");
        assertThat(head.header("Content-Length")).isEqualTo("12");
        assertThat(head.body()).isEmpty();
        assertThat(f.originHits("/h")).isEqualTo(1);
    }

    @Test
    void forwardsToOriginWithOriginHostXffAndViaAndDropsHopByHop() throws Exception {
        f = new EdgeFixture();
        f.on("/fwd", ok("x", "max-age=60").setHeader("Keep-Alive", "timeout=5").setHeader("X-Internal", "secret")
                .setHeader("Connection", "X-Internal"));
        EdgeFixture.Fetched r = f.fetch(f.request("/fwd").header("X-Forwarded-For", "203.0.113.9").header("TE", "trailers")
                .header("If-None-Match", "\"nope\"").build());
        RecordedRequest seen = f.originRequests("/fwd").get(0);
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
        f.on("/r",
                r -> ok("version one", "max-age=0").setHeader("ETag", "\"v1\"").setHeader("X-Version", "1"),
                r -> new MockResponse().setResponseCode(304).setHeader("ETag", "\"v1\"").setHeader("X-Version", "2")
                        .setHeader("Cache-Control", "max-age=60"));
        assertThat(f.fetch("/r").cache()).isEqualTo("MISS");
        EdgeFixture.Fetched revalidated = f.fetch("/r");
        assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
        assertThat(revalidated.body()).isEqualTo("version one");
        assertThat(revalidated.header("X-Version")).isEqualTo("2");
        assertThat(f.originRequests("/r").get(1).getHeader("If-None-Match")).isEqualTo("\"v1\"");
        EdgeFixture.Fetched hit = f.fetch("/r");
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(hit.header("X-Version")).isEqualTo("2");
        assertThat(f.originHits("/r")).isEqualTo(2);
    }

    @Test
    void staleResponseReplacedByNewOneIsExpired() throws Exception {
        f = new EdgeFixture();
        f.on("/e", r -> ok("old", "max-age=0").setHeader("Last-Modified", "Tue, 01 Sep 2026 10:00:00 GMT"),
                r -> ok("new", "max-age=60"));
        f.fetch("/e");
        EdgeFixture.Fetched second = f.fetch("/e");
        assertThat(second.cache()).isEqualTo("EXPIRED");
        assertThat(second.body()).isEqualTo("new");
        assertThat(f.originRequests("/e").get(1).getHeader("If-Modified-Since")).isEqualTo("Tue, 01 Sep 2026 10:00:00 GMT");
    }

    @Test
    void edgeAnswersClientConditionalsItself() throws Exception {
        f = new EdgeFixture();
        f.on("/c", ok("body", "max-age=60").setHeader("ETag", "W/\"v1\"").setHeader("Last-Modified", "Tue, 01 Sep 2026 10:00:00 GMT"));
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
        assertThat(f.originHits("/c")).isEqualTo(1);
    }

    @Test
    void a304ThatMakesTheObjectPersonalGoesToItsRequestAloneAndTheObjectIsNoLongerKept() throws Exception {
        f = new EdgeFixture();
        f.on("/p",
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
        assertThat(f.originHits("/p")).isEqualTo(3);
    }

    @Test
    void a304ForAnotherRepresentationRefreshesNothingAndTheEdgeAsksAgainWithoutConditions() throws Exception {
        f = new EdgeFixture();
        f.on("/e",
                r -> ok("v1body", "max-age=0").setHeader("ETag", "\"v1\""),
                r -> new MockResponse().setResponseCode(304).setHeader("ETag", "\"v2\"").setHeader("Cache-Control", "max-age=60"),
                r -> ok("v2body", "max-age=60").setHeader("ETag", "\"v2\""));
        f.fetch("/e");
        EdgeFixture.Fetched second = f.fetch("/e");
        assertThat(second.body()).isEqualTo("v2body");
        assertThat(second.header("ETag")).isEqualTo("\"v2\"");
        assertThat(f.originRequests("/e").get(2).getHeader("If-None-Match")).isNull();
        assertThat(f.fetch("/e").body()).isEqualTo("v2body");
        assertThat(f.originHits("/e")).isEqualTo(3);
    }

    @Test
    void a304ToARequestWithoutConditionsIsABrokenOrigin() throws Exception {
        f = new EdgeFixture();
        f.on("/u", new MockResponse().setResponseCode(304).setHeader("ETag", "\"u\""));
        EdgeFixture.Fetched r = f.fetch("/u");
        assertThat(r.code()).isEqualTo(502);
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesOnceInBackground() throws Exception {
        f = new EdgeFixture();
        CountDownLatch refreshMayAnswer = new CountDownLatch(1);
        // Age 5 > max-age 1: stored already stale, inside the stale-while-revalidate window. The
        // origin holds the refresh until the stale answers below have been checked.
        f.on("/swr", r -> ok("old", "max-age=1, stale-while-revalidate=60").setHeader("Age", "5"),
                r -> {
                    EdgeFixture.awaitQuietly(refreshMayAnswer);
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
        assertThat(f.originHits("/swr")).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesStaleWhenOriginFailsOrIsDown() throws Exception {
        f = new EdgeFixture();
        f.on("/sie", r -> ok("kept", "max-age=1, stale-if-error=600").setHeader("Age", "5"),
                r -> new MockResponse().setResponseCode(503).setBody("down"));
        f.on("/strict", r -> ok("strict", "max-age=1, stale-if-error=600, must-revalidate").setHeader("Age", "5"),
                r -> new MockResponse().setResponseCode(503).setBody("down"));
        f.fetch("/sie");
        f.fetch("/strict");
        EdgeFixture.Fetched stale = f.fetch("/sie");
        assertThat(stale.code()).isEqualTo(200);
        assertThat(stale.cache()).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo("kept");
        assertThat(f.fetch("/strict").code()).as("must-revalidate forbids stale").isEqualTo(503);
        f.origin.shutdown();
        EdgeFixture.Fetched refused = f.fetch("/sie");
        assertThat(refused.cache()).isEqualTo("STALE");
        assertThat(refused.body()).isEqualTo("kept");
    }

    @Test
    void successfulUnsafeMethodInvalidatesUrlAndSameOriginLocation() throws Exception {
        f = new EdgeFixture();
        f.on("/u", ok("u", "max-age=60"));
        f.on("/other", ok("other", "max-age=60"));
        f.fetch("/u");
        f.fetch("/other");
        assertThat(f.fetch("/u").cache()).isEqualTo("HIT");
        f.on("/u", r -> r.getMethod().equals("POST")
                ? new MockResponse().setResponseCode(201).setHeader("Location", "http://www.acme.test/other")
                : ok("u2", "max-age=60"));
        EdgeFixture.Fetched post = f.fetch(f.request("/u").post(RequestBody.create("payload".getBytes(StandardCharsets.UTF_8))).build());
        assertThat(post.code()).isEqualTo(201);
        assertThat(post.cache()).isEqualTo("PASS");
        RecordedRequest posted = f.originRequests("/u").stream().filter(r -> r.getMethod().equals("POST")).findFirst().orElseThrow();
        assertThat(posted.getBody().readUtf8()).isEqualTo("payload");
        EdgeFixture.Fetched after = f.fetch("/u");
        assertThat(after.cache()).isEqualTo("MISS");
        assertThat(after.body()).isEqualTo("u2");
        assertThat(f.fetch("/other").cache()).isEqualTo("MISS");
    }

    @Test
    void failedUnsafeMethodLeavesCacheAlone() throws Exception {
        f = new EdgeFixture();
        f.on("/keep", r -> r.getMethod().equals("DELETE") ? new MockResponse().setResponseCode(500) : ok("k", "max-age=60"));
        f.fetch("/keep");
        assertThat(f.fetch(f.request("/keep").delete().build()).code()).isEqualTo(500);
        assertThat(f.fetch("/keep").cache()).isEqualTo("HIT");
    }

    @Test
    void varyKeepsVariantsApartAndVaryStarIsNotCached() throws Exception {
        f = new EdgeFixture();
        f.on("/v", r -> ok("lang=" + r.getHeader("Accept-Language"), "max-age=60").setHeader("Vary", "Accept-Language"));
        f.on("/star", r -> ok("star", "max-age=60").setHeader("Vary", "*"));
        assertThat(f.fetch(f.request("/v").header("Accept-Language", "fr").build()).body()).isEqualTo("lang=fr");
        assertThat(f.fetch(f.request("/v").header("Accept-Language", "de").build()).body()).isEqualTo("lang=de");
        EdgeFixture.Fetched fr = f.fetch(f.request("/v").header("Accept-Language", "fr").build());
        assertThat(fr.cache()).isEqualTo("HIT");
        assertThat(fr.body()).isEqualTo("lang=fr");
        assertThat(f.fetch(f.request("/v").header("Accept-Language", "de").build()).body()).isEqualTo("lang=de");
        assertThat(f.originHits("/v")).isEqualTo(2);
        f.fetch("/star");
        assertThat(f.fetch("/star").cache()).isEqualTo("PASS");
        assertThat(f.originHits("/star")).isEqualTo(2);
    }

    @Test
    void noStorePrivateAndAuthorizationAreNeverStored() throws Exception {
        f = new EdgeFixture();
        f.on("/ns", ok("ns", "no-store"));
        f.on("/p", ok("p", "private, max-age=60"));
        f.on("/auth", ok("auth", "max-age=60"));
        for (int i = 0; i < 2; i++) {
            assertThat(f.fetch("/ns").cache()).isEqualTo("PASS");
            assertThat(f.fetch("/p").cache()).isEqualTo("PASS");
            assertThat(f.fetch(f.request("/auth").header("Authorization", "Bearer x").build()).cache()).isEqualTo("PASS");
        }
        assertThat(f.originHits("/ns")).isEqualTo(2);
        assertThat(f.originHits("/p")).isEqualTo(2);
        assertThat(f.originHits("/auth")).isEqualTo(2);
        assertThat(f.originRequests("/auth").get(0).getHeader("Authorization")).isEqualTo("Bearer x");
    }

    @Test
    void defaultTtlCachesResponsesWithoutFreshnessOnlyWhenConfigured() throws Exception {
        f = new EdgeFixture(url -> TestConfigs.onePop(url, "", "{ memory: 8MB, maxObjectSize: 1MB }", "60s"));
        f.on("/plain", new MockResponse().setBody("plain"));
        f.fetch("/plain");
        assertThat(f.fetch("/plain").cache()).isEqualTo("HIT");
        f.close();
        f = new EdgeFixture();
        f.on("/plain", new MockResponse().setBody("plain"));
        f.fetch("/plain");
        assertThat(f.fetch("/plain").cache()).isEqualTo("PASS");
    }

    @Test
    void heuristicFreshnessFromLastModified() throws Exception {
        f = new EdgeFixture();
        f.on("/lm", new MockResponse().setBody("lm").setHeader("Last-Modified", "Tue, 01 Sep 2020 10:00:00 GMT"));
        f.fetch("/lm");
        assertThat(f.fetch("/lm").cache()).isEqualTo("HIT");
    }
}
