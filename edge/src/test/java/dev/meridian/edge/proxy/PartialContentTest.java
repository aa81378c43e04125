package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.TestConfigs;
import dev.meridian.edge.cache.KeyRange;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 206 responses kept in parts and combined (RFC 9111 3.3, 3.4), through real sockets: an object too
 * large to keep whole (64KB in memory, no disk) whose origin answers ranges.
 */
class PartialContentTest {
    private static final int LENGTH = 200_000;

    /** What the origin serves now: its entity tag and bytes. */
    private record Representation(String etag, byte[] bytes) {
    }

    private final AtomicReference<Representation> current = new AtomicReference<>(new Representation("\"v1\"", content(1)));
    private EdgeFixture f;

    private static byte[] content(int seed) {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** The whole representation, or the one range asked for. */
    private MockResponse answer(RecordedRequest request) {
        Representation r = current.get();
        MockResponse response = new MockResponse().setHeader("ETag", r.etag()).setHeader("Cache-Control", "max-age=600");
        String range = request.getHeader("Range");
        if (range == null) {
            return response.setBody(new Buffer().write(r.bytes()));
        }
        String[] ends = range.substring("bytes=".length()).split("-");
        int first = Integer.parseInt(ends[0]);
        int last = Integer.parseInt(ends[1]);
        return response.setResponseCode(206).setHeader("Content-Range", "bytes " + first + "-" + last + "/" + LENGTH)
                .setBody(new Buffer().write(Arrays.copyOfRange(r.bytes(), first, last + 1)));
    }

    @BeforeEach
    void start() throws Exception {
        f = new EdgeFixture(url -> TestConfigs.onePop(url, "", "{ memory: 4MB, maxObjectSize: 64KB }", "0s"));
        f.origin.on("/v.mp4", this::answer);
        // Too large to keep: streamed whole, and only its length and entity tag remembered.
        try (Response r = range("bytes=0-99")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().bytes()).hasSize(LENGTH);
        }
        assertThat(f.origin.lastRequest("/v.mp4").getHeader("Range")).isNull();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Response range(String range) throws Exception {
        return f.client.newCall(f.request("/v.mp4").header("Range", range).build()).execute();
    }

    /** Asks for bytes {@code first}-{@code last} and checks the 206 and its bytes; returns X-Cache. */
    private String part(int first, int last) throws Exception {
        try (Response r = range("bytes=" + first + "-" + last)) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + LENGTH);
            assertThat(r.body().bytes()).isEqualTo(Arrays.copyOfRange(current.get().bytes(), first, last + 1));
            return r.header("X-Cache");
        }
    }

    @Test
    void twoRangesThenOneTheyCoverTogetherIsAHit() throws Exception {
        assertThat(part(0, 79_999)).isEqualTo("MISS");
        assertThat(f.origin.lastRequest("/v.mp4").getHeader("Range")).isEqualTo("bytes=0-79999");
        assertThat(part(80_000, 149_999)).isEqualTo("MISS");
        long asked = f.origin.hits("/v.mp4");

        assertThat(part(50_000, 120_000)).isEqualTo("HIT");
        assertThat(part(0, 0)).isEqualTo("HIT");
        assertThat(f.origin.hits("/v.mp4")).isEqualTo(asked);

        // Beyond what is held: that range alone is asked.
        assertThat(part(140_000, 160_000)).isEqualTo("MISS");
        assertThat(f.origin.lastRequest("/v.mp4").getHeader("Range")).isEqualTo("bytes=140000-160000");
    }

    @Test
    void aPartOfAnotherRepresentationDropsTheOldParts() throws Exception {
        assertThat(part(0, 99_999)).isEqualTo("MISS");
        current.set(new Representation("\"v2\"", content(2)));
        assertThat(part(100_000, 199_999)).isEqualTo("MISS");

        // v1's first half is gone: asked again, and v2's bytes come back.
        assertThat(part(0, 99)).isEqualTo("MISS");
        assertThat(part(0, 99)).isEqualTo("HIT");
    }

    @Test
    void partsThatMakeUpTheWholeAnswerWholeRequests() throws Exception {
        assertThat(part(0, 99_999)).isEqualTo("MISS");
        assertThat(part(100_000, 199_999)).isEqualTo("MISS");
        long asked = f.origin.hits("/v.mp4");

        try (Response r = f.get("/v.mp4")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("X-Cache")).isEqualTo("HIT");
            assertThat(r.header("ETag")).isEqualTo("\"v1\"");
            assertThat(r.body().bytes()).isEqualTo(current.get().bytes());
        }
        assertThat(part(150_000, 199_999)).isEqualTo("HIT");
        assertThat(f.origin.hits("/v.mp4")).isEqualTo(asked);
    }

    @Test
    void aPurgeDropsTheParts() throws Exception {
        assertThat(part(0, 99_999)).isEqualTo("MISS");
        f.edge.cache().purge(KeyRange.url("http://www.acme.test/v.mp4"), false);
        // Nothing known of the URL any more: a whole fill again.
        try (Response r = range("bytes=0-99")) {
            assertThat(r.code()).isEqualTo(200);
        }
        assertThat(f.origin.lastRequest("/v.mp4").getHeader("Range")).isNull();
    }
}
