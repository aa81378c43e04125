package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte ranges served from cached objects, through real sockets. */
class RangeRequestsTest {
    private static final byte[] VIDEO = DiskTierEdgeTest.photo(300_000, 3);

    @TempDir
    Path dir;

    private EdgeFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new EdgeFixture(url -> PurgeApiTest.config(url, dir));
        f.origin.on("/v.mp4", new MockResponse().setBody(new Buffer().write(VIDEO)).setHeader("Cache-Control", "max-age=600")
                .setHeader("ETag", "\"v1\"").setHeader("Content-Type", "video/mp4"));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private Response get(String range, String ifRange) throws Exception {
        var b = f.request("/v.mp4").header("Range", range);
        if (ifRange != null) {
            b.header("If-Range", ifRange);
        }
        return f.client.newCall(b.build()).execute();
    }

    @Test
    void singleRangesUnsatisfiableRangesAndIfRange() throws Exception {
        f.fetch("/v.mp4");

        try (Response r = get("bytes=100-199", null)) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("bytes 100-199/300000");
            assertThat(r.header("X-Cache")).isEqualTo("HIT");
            assertThat(r.body().bytes()).isEqualTo(Arrays.copyOfRange(VIDEO, 100, 200));
        }
        try (Response r = get("bytes=-1000", null)) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.body().bytes()).isEqualTo(Arrays.copyOfRange(VIDEO, 299_000, 300_000));
        }
        try (Response r = get("bytes=300000-", null)) {
            assertThat(r.code()).isEqualTo(416);
            assertThat(r.header("Content-Range")).isEqualTo("bytes */300000");
            assertThat(r.body().bytes()).isEmpty();
        }
        try (Response r = get("bytes=0-9", "\"v1\"")) {
            assertThat(r.code()).isEqualTo(206);
        }
        try (Response r = get("bytes=0-9", "\"v0\"")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
            assertThat(r.body().bytes()).isEqualTo(VIDEO);
        }
        assertThat(f.origin.hits("/v.mp4")).isEqualTo(1);
    }

    @Test
    void rangeRequestsForAnUncachedObjectFillTheWholeObjectOnce() throws Exception {
        int clients = 40;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int first = i * 1000;
                answers.add(pool.submit(() -> {
                    go.await();
                    try (Response r = get("bytes=" + first + "-" + (first + 999), null)) {
                        assertThat(r.code()).isEqualTo(206);
                        return r.body().bytes();
                    }
                }));
            }
            go.countDown();
            for (int i = 0; i < clients; i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(VIDEO, i * 1000, i * 1000 + 1000));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.origin.hits("/v.mp4")).isEqualTo(1);
        assertThat(f.origin.requests("/v.mp4").get(0).getHeader("Range")).isNull();
    }
}
