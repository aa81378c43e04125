package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.speed.SpeedCookie;
import dev.meridian.uplink.spool.BatchJson;
import dev.meridian.uplink.wire.EdgeMinute;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renditions served through a real edge reach the console's usage rows: how many, what they saved, what is kept. */
class RenditionUsageTest {
    private static final byte[] PHOTO = TestImages.jpeg(1200, 800, 5);

    @TempDir
    Path spool;

    @Test
    void renditionsAreCountedWithTheBytesTheySavedAndThoseKept() throws Exception {
        try (MockWebServer console = new MockWebServer()) {
            console.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse();
                }
            });
            console.start();
            String consoleYaml = """
                    console:
                      url: "%s"
                      nodes: [ { id: t, role: EDGE, token: "t-node-token-0123456789" } ]
                      usage: { shipEvery: 200ms, spoolDir: "%s" }
                      accessLogs: { dir: "%s" }
                      purge: { startWait: 0s }      # not about catching up on purges: serve at once
                    """.formatted(console.url("/"), spool, spool.resolve("access-logs"));
            long renditionBytes = 0;
            try (SpeedEdgeFixture f = new SpeedEdgeFixture("{ mode: hybrid }", "{ memory: 64MB, maxObjectSize: 8MB }",
                    consoleYaml)) {
                f.image("/a.jpg", PHOTO, "\"a1\"");
                for (String expected : new String[] {"rendered; 480x320", "hit; 480x320"}) {
                    try (Response r = f.http.newCall(f.get("/a.jpg").header("Cookie",
                            SpeedCookie.NAME + "=100.x." + System.currentTimeMillis() / 1000).build()).execute()) {
                        assertThat(r.header("X-Meridian-Rendition")).isEqualTo(expected);
                        renditionBytes = r.body().bytes().length;
                    }
                }
                // The restart puts the closing minute into the spool and delivers it.
                f.restart(consoleYaml);
                List<EdgeMinute> rows = new ArrayList<>();
                RecordedRequest request;
                while ((request = console.takeRequest(rows.isEmpty() ? 10 : 1, TimeUnit.SECONDS)) != null) {
                    if ("/v1/ingest/usage".equals(request.getPath())) {
                        rows.addAll(BatchJson.read(request.getBody().readByteArray()).edge());
                    }
                }

                assertThat(rows.stream().mapToLong(EdgeMinute::renditions).sum()).isEqualTo(2);
                assertThat(rows.stream().mapToLong(EdgeMinute::renditionBytesSaved).sum())
                        .isEqualTo(2 * (PHOTO.length - renditionBytes));
                assertThat(rows.stream().mapToLong(EdgeMinute::renditionBytesStored).max().orElse(0))
                        .as("the kept rendition, at the minute's end").isGreaterThanOrEqualTo(renditionBytes);
            }
        }
    }
}
