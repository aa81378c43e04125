package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge API on the admin listener, against an edge with memory and disk tiers. */
class PurgeApiTest {
    static final String OPERATOR = "operator-token-0123456789";
    static final String ACME = "acme-token-0123456789abcdef";
    static final String GLOBEX = "globex-token-0123456789abc";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private EdgeFixture f;

    /** Two customers, an operator token, and a disk tier under {@code diskDir}. */
    static MeridianConfig config(String originUrl, Path diskDir) {
        String yaml = """
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 }
                    cache: { memory: 64MB, maxObjectSize: 4MB, disk: { dir: "%s", size: 64MB } }
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    adminTokens: [ "%s" ]
                    properties:
                      - host: acme.cdn.test
                        origins:
                          - { host: www.acme.test, url: "%s" }
                          - { host: static.acme.test, url: "%s" }
                  - id: globex
                    adminTokens: [ "%s" ]
                    properties:
                      - host: globex.cdn.test
                        origins: [ { host: www.globex.test, url: "%s" } ]
                """.formatted(diskDir, OPERATOR, ACME, originUrl, originUrl, GLOBEX, originUrl);
        try {
            return new ConfigLoader(name -> null).loadYaml("test", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        f = new EdgeFixture(url -> config(url, dir));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse().setBody(body).setHeader("Cache-Control", "max-age=600").setHeader("ETag", "\"" + body + "\"");
    }

    private void cache(String... paths) throws Exception {
        for (String p : paths) {
            // The origin sees the path without an origin-in-path segment.
            f.origin.on(p.replaceFirst("^/static\\.acme\\.test/", "/"), ok("body of " + p));
            f.fetch(p);
            assertThat(f.fetch(p).cache()).as(p).isEqualTo("HIT");
        }
    }

    record Answer(int code, JsonNode json) {
    }

    private Answer purge(String token, String json) throws Exception {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + f.edge.adminAddress().getPort() + "/purge")
                .post(RequestBody.create(json, MediaType.get("application/json")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response r = f.client.newCall(b.build()).execute()) {
            return new Answer(r.code(), JSON.readTree(r.body().string()));
        }
    }

    @Test
    void anExactUrlPurgeCoversBothUrlFormsAndItsVariants() throws Exception {
        cache("/images/a.jpg", "/images/a.jpg2");

        Answer a = purge(ACME, "{\"url\": \"http://acme.cdn.test/www.acme.test/images/a.jpg\"}");

        assertThat(a.code()).isEqualTo(200);
        assertThat(a.json().get("purged").asInt()).isEqualTo(1);
        assertThat(a.json().get("keys").get(0).asText()).isEqualTo("http://www.acme.test/images/a.jpg");
        assertThat(a.json().get("durationMs").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(f.fetch("/images/a.jpg").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/images/a.jpg2").cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/images/a.jpg")).isEqualTo(2);
    }

    @Test
    void prefixAndHostPurgesRemoveWhatTheyMatchFromMemoryAndDisk() throws Exception {
        cache("/images/1.jpg", "/images/2.jpg", "/images/sub/3.jpg", "/css/site.css", "/static.acme.test/logo.png");

        Answer prefix = purge(ACME, "{\"prefix\": \"http://acme.cdn.test/images/\"}");

        assertThat(prefix.json().get("purged").asInt()).isEqualTo(3);
        assertThat(f.fetch("/images/2.jpg").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/images/sub/3.jpg").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/css/site.css").cache()).isEqualTo("HIT");

        Answer host = purge(OPERATOR, "{\"host\": \"acme.cdn.test\"}");

        assertThat(host.code()).isEqualTo(200);
        assertThat(host.json().get("purged").asInt()).isEqualTo(4);
        assertThat(host.json().get("keys")).extracting(JsonNode::asText)
                .containsExactly("http://www.acme.test/", "http://static.acme.test/");
        assertThat(f.fetch("/css/site.css").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/static.acme.test/logo.png").cache()).isEqualTo("MISS");
    }

    @Test
    void aSoftPurgeRevalidatesAndA304KeepsTheBody() throws Exception {
        f.origin.on("/doc.html", r -> ok("v1"), r -> "\"v1\"".equals(r.getHeader("If-None-Match"))
                ? new MockResponse().setResponseCode(304).setHeader("Cache-Control", "max-age=600").setHeader("ETag", "\"v1\"")
                : ok("unexpected"));
        f.fetch("/doc.html");
        assertThat(f.fetch("/doc.html").cache()).isEqualTo("HIT");

        Answer a = purge(ACME, "{\"url\": \"http://acme.cdn.test/doc.html\", \"soft\": true}");

        assertThat(a.json().get("purged").asInt()).isEqualTo(1);
        assertThat(a.json().get("soft").asBoolean()).isTrue();
        EdgeFixture.Fetched revalidated = f.fetch("/doc.html");
        assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
        assertThat(revalidated.body()).isEqualTo("v1");
        assertThat(f.origin.requests("/doc.html").get(1).getHeader("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(f.fetch("/doc.html").cache()).isEqualTo("HIT");
        assertThat(f.origin.hits("/doc.html")).isEqualTo(2);
    }

    @Test
    void aFillInFlightWhenAPurgeArrivesDoesNotPutPurgedContentBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        f.origin.on("/slow.js", r -> {
            ScriptedOrigin.awaitQuietly(release);
            return ok("old content");
        }, r -> ok("new content"));
        Future<EdgeFixture.Fetched> inFlight = Executors.newSingleThreadExecutor().submit(() -> f.fetch("/slow.js"));
        await().until(() -> f.origin.hits("/slow.js") == 1);

        Answer a = purge(ACME, "{\"url\": \"http://acme.cdn.test/slow.js\"}");
        release.countDown();

        assertThat(a.json().get("purged").asInt()).isZero();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).isEqualTo("old content");
        EdgeFixture.Fetched after = f.fetch("/slow.js");
        assertThat(after.cache()).isEqualTo("MISS");
        assertThat(after.body()).isEqualTo("new content");
    }

    @Test
    void tokensAreScopedToTheirCustomer() throws Exception {
        cache("/images/a.jpg");
        String body = "{\"url\": \"http://acme.cdn.test/images/a.jpg\"}";

        assertThat(purge(null, body).code()).isEqualTo(401);
        assertThat(purge("not-a-token-of-anyone-at-all", body).code()).isEqualTo(401);
        Answer other = purge(GLOBEX, body);
        assertThat(other.code()).isEqualTo(403);
        assertThat(other.json().get("error").asText()).contains("may not purge");
        assertThat(f.fetch("/images/a.jpg").cache()).isEqualTo("HIT");
        assertThat(purge(GLOBEX, "{\"host\": \"globex.cdn.test\"}").code()).isEqualTo(200);
        assertThat(purge(OPERATOR, body).code()).isEqualTo(200);
        assertThat(f.fetch("/images/a.jpg").cache()).isEqualTo("MISS");
    }

    @Test
    void badRequestsGetTheirReason() throws Exception {
        assertThat(purge(ACME, "not json").json().get("error").asText()).startsWith("body is not JSON");
        assertThat(purge(ACME, "{}").json().get("error").asText()).isEqualTo("give one of url, prefix, host or tag");
        assertThat(purge(ACME, "{\"url\": \"a\", \"host\": \"b\"}").json().get("error").asText()).contains("exactly one");
        assertThat(purge(ACME, "{\"url\": \"ftp://acme.cdn.test/x\"}").code()).isEqualTo(400);
        assertThat(purge(ACME, "{\"url\": \"http://acme.cdn.test/a\", \"soft\": \"yes\"}").code()).isEqualTo(400);
        assertThat(purge(ACME, "{\"url\": \"http://acme.cdn.test/../etc\"}").code()).isEqualTo(400);
        Answer unknown = purge(OPERATOR, "{\"host\": \"nobody.example\"}");
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("nobody.example");
        Answer uncached = purge(ACME, "{\"url\": \"http://acme.cdn.test/never-fetched.png\"}");
        assertThat(uncached.code()).isEqualTo(200);
        assertThat(uncached.json().get("purged").asInt()).isZero();
    }

    @Test
    void derivedContentIsPurgedWithItsSource() throws Exception {
        cache("/images/a.jpg");
        List<KeyRange> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable hook = f.edge.purgeHooks().register((range, soft) -> {
            seen.add(range);
            return 2;
        })) {
            Answer a = purge(ACME, "{\"prefix\": \"http://acme.cdn.test/images/\"}");

            assertThat(a.json().get("derived").asInt()).isEqualTo(2);
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).contains("http://www.acme.test/images/a.jpg")).isTrue();
        }
        purge(ACME, "{\"prefix\": \"http://acme.cdn.test/images/\"}");
        assertThat(seen).hasSize(1);
    }
}
