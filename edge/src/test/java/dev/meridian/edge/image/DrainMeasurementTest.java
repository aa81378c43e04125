package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class DrainMeasurementTest {
    @Test
    void withNothingElseKnownTheEdgeClassifiesByHowFastTheClientDrainedALargeResponse() throws Exception {
        try (SpeedEdgeFixture f = new SpeedEdgeFixture("{ mode: hybrid }")) {
            f.image("/a.jpg", TestImages.jpeg(600, 400, 3), "\"a\"");
            f.origin.on("/big.bin", new MockResponse().setBody(new Buffer().write(new byte[512 * 1024]))
                    .setHeader("Content-Type", "application/octet-stream").setHeader("Cache-Control", "max-age=300"));
            try (Response r = f.http.newCall(f.get("/a.jpg").build()).execute()) {
                assertThat(r.header("X-Meridian-Speed")).isEqualTo("medium; source=default");
            }
            // Loopback drains half a megabyte very fast: this client is "high" by the edge's own measure.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Response big = f.http.newCall(f.get("/big.bin").build()).execute()) {
                    assertThat(big.body().bytes()).hasSize(512 * 1024);
                }
                try (Response r = f.http.newCall(f.get("/a.jpg").build()).execute()) {
                    assertThat(r.header("X-Meridian-Speed")).isEqualTo("high; source=edge");
                }
            });
        }
    }
}
