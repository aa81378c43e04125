package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk tier behind memory, through real sockets: restart persistence, disk hits, a broken disk. */
class DiskTierEdgeTest {
    @TempDir
    Path dir;

    private EdgeFixture f;
    private EdgeServer restarted;

    @AfterEach
    void stop() throws Exception {
        if (restarted != null) {
            restarted.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private EdgeFixture edgeWithDisk(String memory, String maxObject, Path diskDir) throws Exception {
        String cache = "{ memory: %s, maxObjectSize: %s, disk: { dir: \"%s\", size: 64MB } }".formatted(memory, maxObject, diskDir);
        return new EdgeFixture(url -> TestConfigs.onePop(url, "", cache, "0s"));
    }

    static byte[] photo(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    private static MockResponse ok(byte[] body, String cacheControl) {
        return new MockResponse().setBody(new Buffer().write(body)).setHeader("Cache-Control", cacheControl)
                .setHeader("Content-Type", "image/jpeg").setHeader("ETag", "\"v" + body.length + "\"");
    }

    @Test
    void aRestartedPopServesWhatItCachedAsHitsWithTheirAge() throws Exception {
        f = edgeWithDisk("64MB", "4MB", dir);
        byte[] small = photo(3000, 1);
        byte[] large = photo(1_500_000, 2);
        f.origin.on("/images/small.jpg", ok(small, "max-age=600").setHeader("Age", "100"));
        f.origin.on("/images/large.jpg", ok(large, "max-age=600"));
        f.origin.on("/lang.txt", r -> new MockResponse().setBody("text in " + r.getHeader("Accept-Language"))
                .setHeader("Cache-Control", "max-age=600").setHeader("Vary", "Accept-Language"));
        assertThat(f.fetch("/images/small.jpg").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/images/large.jpg").cache()).isEqualTo("MISS");
        assertThat(f.fetch(f.request("/lang.txt").header("Accept-Language", "fr").build()).body()).isEqualTo("text in fr");
        assertThat(f.fetch(f.request("/lang.txt").header("Accept-Language", "de").build()).body()).isEqualTo("text in de");
        f.edge.close();

        restarted = EdgeServer.start(new ConfigHolder(TestConfigs.onePop(f.origin.url(), "",
                "{ memory: 64MB, maxObjectSize: 4MB, disk: { dir: \"%s\", size: 64MB } }".formatted(dir), "0s")), "sjc");

        try (Response r = get(restarted, "/images/small.jpg", null)) {
            assertThat(r.header("X-Cache")).isEqualTo("HIT");
            assertThat(Long.parseLong(r.header("Age"))).isBetween(100L, 110L);
            assertThat(r.body().bytes()).isEqualTo(small);
        }
        try (Response r = get(restarted, "/www.acme.test/images/large.jpg", null)) {
            assertThat(r.header("X-Cache")).isEqualTo("HIT");
            assertThat(r.body().bytes()).isEqualTo(large);
        }
        try (Response r = get(restarted, "/lang.txt", "de")) {
            assertThat(r.header("X-Cache")).isEqualTo("HIT");
            assertThat(r.body().string()).isEqualTo("text in de");
        }
        assertThat(f.origin.hits("/images/small.jpg")).isEqualTo(1);
        assertThat(f.origin.hits("/images/large.jpg")).isEqualTo(1);
        assertThat(f.origin.hits("/lang.txt")).isEqualTo(2);
    }

    @Test
    void objectsThatDoNotFitInMemoryAreServedFromDisk() throws Exception {
        f = edgeWithDisk("1MB", "512KB", dir);
        for (int i = 0; i < 8; i++) {
            f.origin.on("/big/" + i, ok(photo(400_000, i), "max-age=600"));
            assertThat(f.fetch("/big/" + i).cache()).isEqualTo("MISS");
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 8; i++) {
                try (Response r = f.get("/big/" + i)) {
                    assertThat(r.header("X-Cache")).isEqualTo("HIT");
                    assertThat(Arrays.equals(r.body().bytes(), photo(400_000, i))).isTrue();
                }
            }
        }
        for (int i = 0; i < 8; i++) {
            assertThat(f.origin.hits("/big/" + i)).isEqualTo(1);
        }
        String metrics = f.edge.registry().scrape();
        assertThat(metrics).contains("meridian_edge_cache_disk_entries{pop=\"sjc\"} 8.0");
        assertThat(metrics).containsPattern("meridian_edge_cache_disk_hits_total\\{pop=\"sjc\"} (1[0-6]|[7-9])\\.0");
    }

    @Test
    void bodiesTooLargeForMemoryAreWrittenToDiskAsTheyStream() throws Exception {
        f = edgeWithDisk("1MB", "256KB", dir);
        byte[] video = photo(3_000_000, 5);
        f.origin.on("/video.mp4", ok(video, "max-age=600"));
        f.origin.on("/cut.mp4", r -> ok(video, "max-age=600").setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY),
                r -> ok(video, "max-age=600"));

        try (Response first = f.get("/video.mp4")) {
            assertThat(first.header("X-Cache")).isEqualTo("MISS");
            assertThat(first.body().bytes()).isEqualTo(video);
        }
        try (Response second = f.get("/video.mp4")) {
            assertThat(second.header("X-Cache")).isEqualTo("HIT");
            assertThat(second.body().bytes()).isEqualTo(video);
        }
        assertThat(f.origin.hits("/video.mp4")).isEqualTo(1);

        try (Response cut = f.get("/cut.mp4")) {
            assertThatThrownBy(() -> cut.body().bytes()).isInstanceOf(java.io.IOException.class);
        } catch (java.io.IOException expected) {
            // the edge may close before the status line is read: equally a broken response
        }
        try (Response whole = f.get("/cut.mp4")) {
            assertThat(whole.header("X-Cache")).isEqualTo("MISS");
            assertThat(whole.body().bytes()).isEqualTo(video);
        }
        assertThat(f.origin.hits("/cut.mp4")).isEqualTo(2);
    }

    @Test
    void aDiskDirectoryThatCannotBeUsedLeavesThePopServing() throws Exception {
        Path file = Files.write(dir.resolve("not-a-dir"), new byte[1]);
        f = edgeWithDisk("64MB", "1MB", file.resolve("cache"));
        f.origin.on("/x", ok(photo(100, 1), "max-age=600"));

        assertThat(f.fetch("/x").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/x").cache()).isEqualTo("HIT");
        assertThat(f.edge.registry().scrape()).contains("meridian_edge_cache_disk_available{pop=\"sjc\"} 0.0");
    }

    private Response get(EdgeServer edge, String path, String language) throws Exception {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + edge.httpAddress().getPort() + path)
                .header("Host", "acme.cdn.test");
        if (language != null) {
            b.header("Accept-Language", language);
        }
        return f.client.newCall(b.build()).execute();
    }
}
