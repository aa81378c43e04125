package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.speed.SpeedCookie;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Speed-aware delivery through a real edge and origin on loopback. */
class SpeedAwareEdgeTest {
    private static final byte[] PHOTO = TestImages.jpeg(1200, 800, 1);
    private static SpeedEdgeFixture f;

    @BeforeAll
    static void start() {
        f = new SpeedEdgeFixture("""
                { mode: hybrid, signingKeys: [ "%s" ],
                  delivery: [ { prefix: /otf/, mode: on-the-fly }, { prefix: /pre/, mode: pre-render },
                              { path: /pre/own.jpg, mode: hybrid } ] }""".formatted(SpeedEdgeFixture.KEY));
        for (String p : List.of("/a.jpg", "/b.jpg", "/c.jpg", "/otf/a.jpg", "/pre/a.jpg", "/pre/own.jpg", "/t.jpg")) {
            f.image(p, PHOTO, "\"" + p.hashCode() + "\"");
        }
        f.origin.on("/bad.jpg", new okhttp3.mockwebserver.MockResponse().setBody("not really a jpeg at all")
                .setHeader("Content-Type", "image/jpeg").setHeader("Cache-Control", "max-age=300"));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String cookie(long kbps) {
        return SpeedCookie.NAME + "=" + kbps + ".x." + System.currentTimeMillis() / 1000;
    }

    private record Got(Response response, byte[] body) {
        BufferedImage image() {
            return TestImages.decode(body);
        }

        String header(String name) {
            return response.header(name);
        }
    }

    private static Got fetch(Request.Builder request) throws IOException {
        return fetch(f.http, request);
    }

    private static Got fetch(okhttp3.OkHttpClient client, Request.Builder request) throws IOException {
        try (Response r = client.newCall(request.build()).execute()) {
            return new Got(r, r.body().bytes());
        }
    }

    @Test
    void htmlIsInjectedOnTheWayOutWhileTheCacheKeepsTheOriginsBytes() throws IOException {
        String html = "<!DOCTYPE html><html><body>" + "<p>hello</p>".repeat(300) + "</body></html>";
        f.page("/index.html", html, "text/html; charset=utf-8");
        Got first = fetch(f.get("/index.html"));
        Got second = fetch(f.get("/index.html"));
        for (Got g : List.of(first, second)) {
            String body = new String(g.body(), StandardCharsets.UTF_8);
            assertThat(body).contains("window.__mrdn").contains(SpeedCookie.NAME).contains("<p>hello</p>");
            assertThat(g.header("Content-Length")).isEqualTo(Integer.toString(g.body().length));
            assertThat(g.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        }
        assertThat(second.header("X-Cache")).isEqualTo("HIT");
        assertThat(f.origin.hits("/index.html")).isEqualTo(1);
        TieredCache.Found stored = f.edge.cache().peek("http://www.acme.test/index.html", name -> null);
        byte[] storedBody = new byte[stored.response().bodyLength()];
        stored.response().body().get(storedBody);
        assertThat(new String(storedBody, StandardCharsets.UTF_8)).isEqualTo(html);
    }

    @Test
    void nonHtmlIsNotInjected() throws IOException {
        f.page("/data.json", "{\"a\":1}", "application/json");
        assertThat(new String(fetch(f.get("/data.json")).body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void eachSignalGetsItsClassRendition() throws IOException {
        Got low = fetch(f.get("/a.jpg").header("Cookie", cookie(100)));
        assertThat(low.image().getWidth()).isEqualTo(480);
        assertThat(low.header("X-Meridian-Speed")).isEqualTo("low; source=cookie");

        Got saveData = fetch(f.get("/a.jpg").header("Save-Data", "on"));
        assertThat(saveData.image().getWidth()).isEqualTo(480);
        assertThat(saveData.header("X-Meridian-Speed")).isEqualTo("low; source=client-hints");

        Got fast = fetch(f.get("/a.jpg").header("Downlink", "20"));
        assertThat(fast.image().getWidth()).isEqualTo(1200);
        assertThat(fast.header("X-Meridian-Speed")).isEqualTo("high; source=client-hints");

        // A client the edge has not timed yet (this one has drained large renditions by now).
        okhttp3.OkHttpClient stranger = f.clientFrom("127.0.0.66");
        Got none = fetch(stranger, f.get("/a.jpg"));
        assertThat(none.header("X-Meridian-Speed")).isEqualTo("medium; source=default");
        assertThat(none.image().getWidth()).isEqualTo(1024);

        Got nonsense = fetch(stranger, f.get("/a.jpg").header("Cookie", SpeedCookie.NAME + "=<script>"));
        assertThat(nonsense.response().code()).isEqualTo(200);
        assertThat(nonsense.header("X-Meridian-Speed")).isEqualTo("medium; source=default");
        assertThat(f.origin.hits("/a.jpg")).isEqualTo(1);
    }

    @Test
    void renditionsAreCacheableByBrowsersButNotBySharedCaches() throws IOException {
        Got low = fetch(f.get("/b.jpg").header("Cookie", cookie(100)));
        assertThat(low.header("Cache-Control")).startsWith("private, max-age=");
        assertThat(low.header("Vary")).contains("Save-Data").contains("ECT").contains("Downlink");
        assertThat(low.header("Content-Type")).isEqualTo("image/jpeg");
        String etag = low.header("ETag");
        Got high = fetch(f.get("/b.jpg").header("Downlink", "20"));
        assertThat(high.header("ETag")).isNotEqualTo(etag);
        Got revalidated = fetch(f.get("/b.jpg").header("Cookie", cookie(100)).header("If-None-Match", etag));
        assertThat(revalidated.response().code()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
    }

    @Test
    void concurrentRequestsForOneMissingRenditionRenderItOnce() throws Exception {
        long before = f.edge.speedAware().rendersStarted();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> widths = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                widths.add(clients.submit(() -> {
                    go.await();
                    return fetch(f.get("/c.jpg").header("Cookie", cookie(100))).image().getWidth();
                }));
            }
            go.countDown();
            for (Future<Integer> w : widths) {
                assertThat(w.get()).isEqualTo(480);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(f.edge.speedAware().rendersStarted() - before).isEqualTo(1);
    }

    @Test
    void modesDecideWhatIsKeptAndTheMostSpecificSettingWins() throws IOException {
        fetch(f.get("/otf/a.jpg").header("Cookie", cookie(100)));
        assertThat(classesKept("/otf/a.jpg")).as("on-the-fly keeps nothing").isEmpty();

        fetch(f.get("/a.jpg").header("Cookie", cookie(5000)));
        assertThat(classesKept("/a.jpg")).as("hybrid keeps what it rendered").contains("high");

        fetch(f.get("/pre/a.jpg").header("Cookie", cookie(100)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(classesKept("/pre/a.jpg")).containsExactlyInAnyOrder("low", "medium", "high");
        });

        long before = f.edge.speedAware().rendersStarted();
        Got own = fetch(f.get("/pre/own.jpg").header("Cookie", cookie(100)));
        assertThat(own.image().getWidth()).isEqualTo(480);
        assertThat(f.edge.speedAware().rendersStarted() - before).as("the image's own hybrid mode beats its path's pre-render")
                .isEqualTo(1);
        assertThat(classesKept("/pre/own.jpg")).containsExactly("low");
    }

    /** The classes whose renditions of the image at {@code path} are kept. */
    private static List<String> classesKept(String path) {
        return f.edge.speedAware().renditions().keptOf("http://www.acme.test" + path).stream()
                .map(k -> k.variant().substring(0, k.variant().indexOf('@'))).toList();
    }

    @Test
    void signedTransformationsAreHonouredAndEverythingElseIsForbidden() throws IOException {
        Transformation t = new Transformation(300, 200, Fit.COVER, 70);
        String query = UrlSigner.sign(SpeedEdgeFixture.KEY, "/t.jpg", "", t);
        Got signed = fetch(f.get("/t.jpg?" + query));
        assertThat(signed.response().code()).isEqualTo(200);
        assertThat(signed.image().getWidth()).isEqualTo(300);
        assertThat(signed.image().getHeight()).isEqualTo(200);
        // The origin is asked for the original, without the transformation.
        assertThat(f.origin.lastRequest("/t.jpg").getPath()).isEqualTo("/t.jpg");
        assertThat(signed.header("Cache-Control")).isEqualTo("max-age=300");

        assertThat(fetch(f.get("/t.jpg?w=300&h=200&fit=cover&q=70")).response().code()).isEqualTo(403);
        assertThat(fetch(f.get("/t.jpg?" + query.replace("w=300", "w=301"))).response().code()).isEqualTo(403);
        String otherKey = UrlSigner.sign("some-other-key-0123456789abcdef0123", "/t.jpg", "", t);
        Got forbidden = fetch(f.get("/t.jpg?" + otherKey));
        assertThat(forbidden.response().code()).isEqualTo(403);
        assertThat(new String(forbidden.body(), StandardCharsets.UTF_8)).contains("signature");
    }

    @Test
    void aPageWhoseQueryHappensToUseTransformationNamesGoesToTheOriginAsItIs() throws IOException {
        f.page("/search", "<html><body>results</body></html>", "text/html; charset=utf-8");
        Got page = fetch(f.get("/search?q=shoes&w=2"));
        assertThat(page.response().code()).isEqualTo(200);
        assertThat(f.origin.lastRequest("/search").getPath()).isEqualTo("/search?q=shoes&w=2");
    }

    @Test
    void imagesTheLibraryRefusesGoOutAsTheOriginalBytes() throws IOException {
        Got bad = fetch(f.get("/bad.jpg"));
        assertThat(bad.response().code()).isEqualTo(200);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).isEqualTo("not really a jpeg at all");
        assertThat(bad.header("X-Meridian-Rendition")).isEqualTo("original");
        // Not for shared caches beyond the edge: for the next client of this URL, the rendition may work.
        assertThat(bad.header("Cache-Control")).isEqualTo("private, max-age=300");
        assertThat(bad.header("Vary")).contains("Save-Data");
        // Remembered: the second request does not try again.
        long before = f.edge.speedAware().rendersStarted();
        Got again = fetch(f.get("/bad.jpg"));
        assertThat(again.body()).hasSize(24);
        assertThat(again.header("X-Meridian-Rendition")).isEqualTo("original");
        assertThat(f.edge.speedAware().rendersStarted()).isEqualTo(before);
    }

    @Test
    void purgingAnOriginalThroughTheAdminApiPurgesItsRenditions() throws IOException {
        f.image("/p/a.jpg", PHOTO, "\"pa\"");
        f.image("/p/b.jpg", PHOTO, "\"pb\"");
        fetch(f.get("/p/a.jpg").header("Cookie", cookie(100)));
        fetch(f.get("/p/a.jpg").header("Downlink", "20"));
        fetch(f.get("/p/b.jpg").header("Cookie", cookie(100)));
        assertThat(classesKept("/p/a.jpg")).containsExactlyInAnyOrder("low", "high");
        assertThat(classesKept("/p/b.jpg")).containsExactly("low");

        Request purge = new Request.Builder().url("http://127.0.0.1:" + f.edge.adminAddress().getPort() + "/purge")
                .header("Authorization", "Bearer acme-token-0123456789abcdef")
                .post(okhttp3.RequestBody.create("{\"url\": \"http://acme.cdn.test/p/a.jpg\"}",
                        okhttp3.MediaType.get("application/json"))).build();
        try (Response r = f.http.newCall(purge).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        assertThat(classesKept("/p/a.jpg")).isEmpty();
        assertThat(classesKept("/p/b.jpg")).containsExactly("low");
        // The next request renders afresh from a refilled original.
        Got again = fetch(f.get("/p/a.jpg").header("Cookie", cookie(100)));
        assertThat(again.image().getWidth()).isEqualTo(480);
        assertThat(f.origin.hits("/p/a.jpg")).isEqualTo(2);
    }

    @Test
    void anOriginalTheCacheMayNotKeepLeavesNoRenditionBehind() throws IOException {
        f.origin.on("/nostore.jpg", new okhttp3.mockwebserver.MockResponse().setBody(new okio.Buffer().write(PHOTO))
                .setHeader("Content-Type", "image/jpeg").setHeader("ETag", "\"ns\"").setHeader("Cache-Control", "no-store"));
        Got low = fetch(f.get("/nostore.jpg").header("Cookie", cookie(100)));
        assertThat(low.image().getWidth()).isEqualTo(480);
        assertThat(low.header("X-Cache")).isEqualTo("PASS");
        assertThat(classesKept("/nostore.jpg")).isEmpty();
        assertThat(low.header("Cache-Control")).as("nor may the browser").isEqualTo("private, no-store");
    }

    @Test
    void aClientWhoseRenditionTakesLongerThanTheWaitGetsTheOriginalAndTheNextOneTheRendition() throws IOException {
        f.image("/slow.jpg", TestImages.jpeg(2400, 1600, 7), "\"slow\"");
        try {
            f.reload("images: { renderWait: 1ms }");
            Got first = fetch(f.get("/slow.jpg").header("Cookie", cookie(100)));
            assertThat(first.response().code()).isEqualTo(200);
            assertThat(first.header("X-Meridian-Rendition")).isEqualTo("original");
            assertThat(first.image().getWidth()).isEqualTo(2400);
            // The render went on, and is kept.
            await().atMost(Duration.ofSeconds(20)).until(() -> !classesKept("/slow.jpg").isEmpty());
            Got next = fetch(f.get("/slow.jpg").header("Cookie", cookie(100)));
            assertThat(next.header("X-Meridian-Rendition")).startsWith("hit");
            assertThat(next.image().getWidth()).isEqualTo(480);
        } finally {
            f.reload("");
        }
    }

    @Test
    void aReloadThatChangesAClassRendersItAnewInsteadOfServingTheOldOne() throws IOException {
        f.image("/reload.jpg", PHOTO, "\"rl\"");
        assertThat(fetch(f.get("/reload.jpg").header("Cookie", cookie(100))).image().getWidth()).isEqualTo(480);
        try {
            f.reload("""
                    images:
                      classes:
                        - { name: low, belowKbps: 256, rendition: { maxWidth: 320, maxHeight: 320 } }
                        - { name: medium, belowKbps: 2000, rendition: { maxWidth: 1024, maxHeight: 1024 } }
                        - { name: high, rendition: { maxWidth: 1920, maxHeight: 1920 } }
                    """);
            Got after = fetch(f.get("/reload.jpg").header("Cookie", cookie(100)));
            assertThat(after.image().getWidth()).isEqualTo(320);
            assertThat(after.header("X-Meridian-Rendition")).startsWith("rendered");
            assertThat(f.origin.hits("/reload.jpg")).as("the original stays cached").isEqualTo(1);
        } finally {
            f.reload("");
        }
        assertThat(fetch(f.get("/reload.jpg").header("Cookie", cookie(100))).image().getWidth()).isEqualTo(480);
    }
}
