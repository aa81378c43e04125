package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layered delivery through a bandwidth-limited relay: a slow client gets fewer scans, both get a valid image. */
class LayeredDeliveryTest {
    private static SpeedEdgeFixture f;

    @BeforeAll
    static void start() {
        f = new SpeedEdgeFixture("{ mode: hybrid, layered: { budget: 1s } }");
        f.image("/photo.jpg", TestImages.jpeg(1280, 960, 7), "\"photo\"");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private record Delivered(int scans, int bytes, BufferedImage image, String transferEncoding, String etag, String lastModified) {
    }

    private static Delivered through(long bytesPerSecond) throws IOException {
        try (ThrottledRelay relay = new ThrottledRelay(f.edge.httpAddress(), bytesPerSecond)) {
            OkHttpClient client = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS)
                    .connectionPool(new ConnectionPool()).build();
            Request request = new Request.Builder().url("http://127.0.0.1:" + relay.port() + "/photo.jpg")
                    .header("Host", "acme.cdn.test").header("Downlink", "20").build();
            try (Response r = client.newCall(request).execute()) {
                assertThat(r.code()).isEqualTo(200);
                byte[] body = r.body().bytes();
                return new Delivered(scans(body), body.length, TestImages.decode(body), r.header("Transfer-Encoding"),
                        r.header("ETag"), r.header("Last-Modified"));
            } finally {
                client.connectionPool().evictAll();
            }
        }
    }

    /** Start-of-scan markers in the JPEG (0xFFDA never occurs inside entropy-coded data). */
    private static int scans(byte[] jpeg) {
        int n = 0;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xDA) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aSlowClientGetsFewerScansWithinTheBudgetAndBothImagesDecode() throws IOException {
        // The budget starts when the first scan goes out, so rendering does not spend it.
        Delivered fast = through(0);
        Delivered slow = through(24 * 1024);

        assertThat(fast.scans()).isGreaterThan(3);
        assertThat(slow.scans()).isGreaterThanOrEqualTo(1).isLessThan(fast.scans());
        assertThat(slow.bytes()).isLessThan(fast.bytes());
        for (Delivered d : new Delivered[] {fast, slow}) {
            assertThat(d.image()).isNotNull();
            assertThat(d.image().getWidth()).isEqualTo(1280);
            assertThat(d.image().getHeight()).isEqualTo(960);
            assertThat(d.transferEncoding()).isEqualTo("chunked");
            // What may be cut short carries no validator of the whole rendition's.
            assertThat(d.etag()).isNull();
            assertThat(d.lastModified()).isNull();
        }
    }
}
