package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.edge.cache.CacheTier;
import dev.meridian.edge.speed.SpeedCookie;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renditions kept in the POP's cache tiers, through a real edge: they outlive a restart on the disk
 * tier (with their quota), go with their original's purge from every tier, and pre-render follows
 * fills rather than requests.
 */
class KeptRenditionsTest {
    private static final byte[] PHOTO = TestImages.jpeg(1200, 800, 5);
    private static final Duration RENDERS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SpeedEdgeFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private SpeedEdgeFixture withDisk(String images) {
        return new SpeedEdgeFixture(images, "{ memory: 64MB, maxObjectSize: 8MB, disk: { dir: \"%s\", size: 64MB } }".formatted(dir), "");
    }

    private record Got(int code, byte[] body, String cache, String rendition, String transferEncoding) {
        BufferedImage image() {
            return TestImages.decode(body);
        }
    }

    private Got get(String path, String cls) throws IOException {
        Request.Builder request = f.get(path);
        if (cls != null) {
            long kbps = switch (cls) {
                case "low" -> 100;
                case "medium" -> 1000;
                default -> 9000;
            };
            request.header("Cookie", SpeedCookie.NAME + "=" + kbps + ".x." + System.currentTimeMillis() / 1000);
        }
        try (Response r = f.http.newCall(request.build()).execute()) {
            return new Got(r.code(), r.body().bytes(), r.header("X-Cache"), r.header("X-Meridian-Rendition"),
                    r.header("Transfer-Encoding"));
        }
    }

    /** The key a class's rendition of the original at {@code path} with {@code etag} is kept under, if it is kept. */
    private Optional<RenditionKey> kept(String path, String etag, String cls) {
        return store().keptOf("http://www.acme.test" + path).stream()
                .filter(k -> k.validator().equals(etag) && k.variant().startsWith(cls + "@")).findFirst();
    }

    private CacheTier tier(String name) {
        return f.edge.cache().tiers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private RenditionStore store() {
        return f.edge.speedAware().renditions();
    }

    private long renders() {
        return f.edge.speedAware().rendersStarted();
    }

    @Test
    void aKeptRenditionOutlivesARestartOnTheDiskTier() throws IOException {
        f = withDisk("{ mode: hybrid, delivery: [ { prefix: /layered/, layered: { budget: 10s } } ] }");
        f.image("/a.jpg", PHOTO, "\"a1\"");
        f.image("/layered/b.jpg", PHOTO, "\"b1\"");
        Got first = get("/a.jpg", "low");
        assertThat(first.rendition()).startsWith("rendered; 480x320");
        Got layeredFirst = get("/layered/b.jpg", "high");
        assertThat(layeredFirst.transferEncoding()).isEqualTo("chunked");
        assertThat(renders()).isEqualTo(2);

        f.restart("");
        assertThat(kept("/a.jpg", "\"a1\"", "low")).as("accounted again from the disk tier").isPresent();
        Got afterRestart = get("/a.jpg", "low");
        assertThat(afterRestart.cache()).isEqualTo("HIT");
        assertThat(afterRestart.rendition()).isEqualTo("hit; 480x320");
        assertThat(afterRestart.image().getWidth()).isEqualTo(480);
        assertThat(afterRestart.image().getHeight()).isEqualTo(320);
        assertThat(afterRestart.body()).isEqualTo(first.body());
        assertThat(get("/a.jpg", "low").rendition()).as("then from memory").isEqualTo("hit; 480x320");

        // Layered delivery from a rendition read back from disk: its scans are found again.
        Got layered = get("/layered/b.jpg", "high");
        assertThat(layered.rendition()).isEqualTo("hit; 1200x800");
        assertThat(layered.transferEncoding()).isEqualTo("chunked");
        assertThat(layered.image().getWidth()).isEqualTo(1200);
        assertThat(layered.body()).isEqualTo(layeredFirst.body());

        assertThat(renders()).as("nothing rendered again after the restart").isZero();
        assertThat(f.origin.hits("/a.jpg")).isEqualTo(1);
    }

    @Test
    void theQuotaHoldsAcrossARestart() throws IOException {
        f = withDisk("{ mode: hybrid }");
        List<String> paths = List.of("/q/1.jpg", "/q/2.jpg", "/q/3.jpg", "/q/4.jpg", "/q/5.jpg");
        for (String p : paths) {
            f.image(p, PHOTO, "\"" + p.hashCode() + "\"");
        }
        for (String p : paths.subList(0, 3)) {
            get(p, "low");
        }
        List<RenditionKey> first = paths.subList(0, 3).stream().map(p -> kept(p, "\"" + p.hashCode() + "\"", "low").orElseThrow())
                .toList();
        long used = store().usedBy("acme");
        long each = used / 3;
        assertThat(each).isPositive();

        // Room for one and a half more, so the fifth rendition must reclaim.
        f.restart("images: { quotas: { acme: %d } }".formatted(used + each * 3 / 2));
        assertThat(store().usedBy("acme")).as("the accounting rebuilt from the disk tier").isEqualTo(used);
        for (int i = 0; i < 3; i++) {
            assertThat(get(paths.get(0), "low").rendition()).startsWith("hit");
        }
        get(paths.get(3), "low");
        get(paths.get(4), "low");

        long quota = used + each * 3 / 2;
        assertThat(store().usedBy("acme")).isLessThanOrEqualTo(quota);
        assertThat(store().contains(first.get(0))).as("the one in use stays").isTrue();
        assertThat(kept(paths.get(4), "\"" + paths.get(4).hashCode() + "\"", "low")).isPresent();
        long reclaimed = first.subList(1, 3).stream()
                .filter(k -> !store().contains(k))
                .peek(k -> {
                    assertThat(tier("disk").storedBytes(k.cacheKey())).as("reclaimed from disk").isEqualTo(-1);
                    assertThat(tier("memory").storedBytes(k.cacheKey())).as("reclaimed from memory").isEqualTo(-1);
                })
                .count();
        assertThat(reclaimed).as("an idle rendition from before the restart was reclaimed").isPositive();
    }

    @Test
    void purgingAnOriginalRemovesItsRenditionsFromEveryTier() throws IOException {
        f = withDisk("{ mode: hybrid }");
        f.image("/p/a.jpg", PHOTO, "\"pa\"");
        f.image("/p/b.jpg", PHOTO, "\"pb\"");
        get("/p/a.jpg", "low");
        get("/p/a.jpg", "high");
        get("/p/b.jpg", "low");
        List<String> purged = List.of(kept("/p/a.jpg", "\"pa\"", "low").orElseThrow().cacheKey(),
                kept("/p/a.jpg", "\"pa\"", "high").orElseThrow().cacheKey());
        String other = kept("/p/b.jpg", "\"pb\"", "low").orElseThrow().cacheKey();
        for (String tier : List.of("memory", "disk")) {
            for (String k : purged) {
                assertThat(tier(tier).storedBytes(k)).as(tier + " holds " + k).isPositive();
            }
        }

        Request purge = new Request.Builder().url("http://127.0.0.1:" + f.edge.adminAddress().getPort() + "/purge")
                .header("Authorization", "Bearer acme-token-0123456789abcdef")
                .post(RequestBody.create("{\"url\": \"http://acme.cdn.test/p/a.jpg\"}", MediaType.get("application/json")))
                .build();
        try (Response r = f.http.newCall(purge).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        for (String tier : List.of("memory", "disk")) {
            for (String k : purged) {
                assertThat(tier(tier).storedBytes(k)).as(tier + " no longer holds " + k).isEqualTo(-1);
            }
            assertThat(tier(tier).storedBytes(other)).as(tier + " still holds the other original's").isPositive();
        }
        assertThat(store().keptOf("http://www.acme.test/p/a.jpg")).isEmpty();

        f.restart("");
        assertThat(store().keptOf("http://www.acme.test/p/a.jpg")).as("not back after a restart").isEmpty();
        assertThat(kept("/p/b.jpg", "\"pb\"", "low")).isPresent();
        assertThat(get("/p/a.jpg", "low").rendition()).startsWith("rendered");
        assertThat(f.origin.hits("/p/a.jpg")).isEqualTo(2);
    }

    @Test
    void preRenderRendersEveryClassWhenAFillStoresTheOriginalWithoutAnyRequestForIt() throws IOException {
        f = new SpeedEdgeFixture("{ mode: pre-render }");
        f.origin.on("/pre/a.jpg", original("\"v1\""));
        get("/pre/a.jpg", "low");
        await().atMost(RENDERS).untilAsserted(() -> {
            for (String cls : List.of("low", "medium", "high")) {
                assertThat(kept("/pre/a.jpg", "\"v1\"", cls)).as(cls).isPresent();
            }
        });
        assertThat(renders()).isEqualTo(3);

        // The origin changes; the next request gets the stale original's rendition at once while a
        // background fill stores the new one. Nobody asks for the new original's renditions.
        f.origin.on("/pre/a.jpg", original("\"v2\""));
        Got stale = get("/pre/a.jpg", "low");
        assertThat(stale.cache()).isEqualTo("STALE");
        assertThat(stale.rendition()).startsWith("hit");
        await().atMost(RENDERS).untilAsserted(() -> {
            for (String cls : List.of("low", "medium", "high")) {
                assertThat(kept("/pre/a.jpg", "\"v2\"", cls)).as(cls).isPresent();
            }
        });
        assertThat(renders()).isEqualTo(6);
        assertThat(f.origin.hits("/pre/a.jpg")).isEqualTo(2);
        assertThat(f.edge.registry().get("meridian.edge.renders").functionCounter().count()).isEqualTo(6);
        assertThat(f.edge.registry().get("meridian.edge.renditions.kept").gauge().value()).isEqualTo(6);
    }

    /** Stale at once but usable for a minute while it is refreshed in the background. */
    private static MockResponse original(String etag) {
        return new MockResponse().setBody(new Buffer().write(PHOTO)).setHeader("Content-Type", "image/jpeg")
                .setHeader("ETag", etag).setHeader("Cache-Control", "max-age=0, stale-while-revalidate=60");
    }
}
