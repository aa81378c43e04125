package dev.meridian.e2e.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/**
 * The whole loop in a real browser: the edge injects the measuring scripts into a page, Chromium runs
 * them (throttled by DevTools to a slow link, or not), the cookie they set carries the class, and the
 * next page's image arrives as that class's rendition.
 */
class SpeedAwareBrowserTest {
    private static final int PHOTO_WIDTH = 1600;
    private static final int LOW_WIDTH = 480;

    private static ScriptedOrigin origin;
    private static EdgeServer edge;

    @BeforeEach
    void needsChromium() {
        Chromium.require();
    }

    @BeforeAll
    static void start() throws Exception {
        byte[] photo = photo(PHOTO_WIDTH, 1000);
        // A page big enough that a slow link takes measurable time over it.
        String measure = "<!DOCTYPE html><html><head><title>measure</title></head><body>"
                + "<p>Meridian measures this page's download.</p>".repeat(800) + "</body></html>";
        String gallery = "<!DOCTYPE html><html><head><title>gallery</title></head><body>"
                + "<img id=photo src=\"/images/photo.jpg\" alt=photo></body></html>";
        origin = ScriptedOrigin.start();
        origin.on("/measure.html", page(measure));
        origin.on("/gallery.html", page(gallery));
        origin.on("/images/photo.jpg", cacheable("\"photo\"").setHeader("Content-Type", "image/jpeg")
                .setBody(new Buffer().write(photo)));
        String yaml = """
                pops:
                  - id: browser
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                    cache: { memory: 64MB, maxObjectSize: 8MB }
                customers:
                  - id: acme
                    adminTokens: [ "browser-acme-admin-token-0000" ]
                    properties:
                      - host: acme.cdn.test
                        origins:
                          - { host: www.acme.test, url: "%s" }
                        measureBandwidth: true
                        images: { mode: hybrid }
                """.formatted(origin.url());
        MeridianConfig config = new ConfigLoader().loadYaml("browser.yaml", yaml);
        edge = EdgeServer.start(new ConfigHolder(config), "browser");
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private static MockResponse cacheable(String etag) {
        return new MockResponse().setHeader("Cache-Control", "max-age=300").setHeader("ETag", etag);
    }

    private static MockResponse page(String html) {
        return cacheable("\"" + html.hashCode() + "\"").setHeader("Content-Type", "text/html; charset=utf-8").setBody(html);
    }

    private static byte[] photo(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int grain = random.nextInt(32);
                img.setRGB(x, y, (x * 200 / width + grain) << 16 | (y * 200 / height + grain) << 8 | 128);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private record Seen(String speedClass, long kbps, long imageWidth) {
    }

    /** Loads the measuring page, waits for the cookie, then loads the gallery and reports its image's width. */
    private static Seen visit(Chromium chromium) {
        String base = "http://acme.cdn.test";
        chromium.driver.get(base + "/measure.html");
        Cookie cookie = await().atMost(Duration.ofSeconds(30)).until(
                () -> chromium.driver.manage().getCookieNamed("mrdn_speed"), c -> c != null);
        String[] parts = cookie.getValue().split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(Long.parseLong(parts[2])).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
        chromium.driver.get(base + "/gallery.html");
        long width = await().atMost(Duration.ofSeconds(30)).until(() -> (Long) chromium.driver.executeScript(
                "var i=document.getElementById('photo');return i&&i.complete?i.naturalWidth:0;"), w -> w > 0);
        return new Seen(parts[1], Long.parseLong(parts[0]), width);
    }

    @Test
    void aThrottledBrowserMeasuresALowClassAndGetsTheLowRendition() {
        try (Chromium chromium = new Chromium("acme.cdn.test 127.0.0.1:" + edge.httpAddress().getPort())) {
            ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
            slow.setLatency(Duration.ofMillis(40));
            slow.setDownloadThroughput(16 * 1024);   // bytes/s: 128 kbit/s, under the low class's 256
            slow.setUploadThroughput(16 * 1024);
            chromium.driver.setNetworkConditions(slow);
            Seen seen = visit(chromium);
            assertThat(seen.speedClass()).isEqualTo("low");
            assertThat(seen.kbps()).isLessThan(256);
            assertThat(seen.imageWidth()).isEqualTo(LOW_WIDTH);
        }
    }

    @Test
    void anUnthrottledBrowserMeasuresAHighClassAndGetsTheHighRendition() {
        try (Chromium chromium = new Chromium("acme.cdn.test 127.0.0.1:" + edge.httpAddress().getPort())) {
            Seen seen = visit(chromium);
            assertThat(seen.speedClass()).isEqualTo("high");
            assertThat(seen.kbps()).isGreaterThan(2000);
            assertThat(seen.imageWidth()).isEqualTo(PHOTO_WIDTH);
        }
    }
}
