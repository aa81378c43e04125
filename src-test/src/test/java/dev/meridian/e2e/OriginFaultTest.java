package dev.meridian.e2e;

import static dev.meridian.e2e.CdnFixture.lab;
import static dev.meridian.e2e.CdnFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.originstub.faults.FaultMode;
import dev.meridian.originstub.faults.FaultRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A misbehaving origin gets the client a clear status, is never cached, and never stops the edge
 * serving everyone else. The origin read timeout here is 2 s (total 4 s).
 */
class OriginFaultTest {
    private static CdnFixture cdn;

    @BeforeAll
    static void start() {
        cdn = CdnFixture.start(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        cdn.close();
    }

    @AfterEach
    void healOrigin() {
        cdn.origin.clearFaults();
    }

    @Test
    void aSlowOriginTimesOutWith504() {
        String url = lab("slow", "max-age=60");
        cdn.origin.fault(FaultRule.slow(path(url), Duration.ofSeconds(6)));
        long t0 = System.nanoTime();
        var answer = cdn.fetch(url);
        assertThat(answer.status()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
        assertServesOthers();
    }

    @Test
    void aHangingOriginTimesOutWith504() {
        String url = lab("hang", "max-age=60");
        cdn.origin.fault(FaultRule.of(FaultMode.HANG, path(url)));
        assertThat(cdn.fetch(url).status()).isEqualTo(504);
        assertServesOthers();
    }

    @Test
    void aResetConnectionIs502() {
        String url = lab("reset", "max-age=60");
        cdn.origin.fault(FaultRule.of(FaultMode.RESET, path(url)));
        assertThat(cdn.fetch(url).status()).isEqualTo(502);
        assertServesOthers();
    }

    @Test
    void garbageInsteadOfHttpIs502() {
        String url = lab("garbage", "max-age=60");
        cdn.origin.fault(FaultRule.of(FaultMode.GARBAGE, path(url)));
        assertThat(cdn.fetch(url).status()).isEqualTo(502);
        assertServesOthers();
    }

    @Test
    void anOrigin500IsPassedOnButNeverCached() {
        String url = lab("fail", "max-age=60");
        cdn.origin.fault(FaultRule.fail(path(url)));
        var failed = cdn.fetch(url);
        assertThat(failed.status()).isGreaterThanOrEqualTo(500);
        assertThat(failed.body()).doesNotStartWith("lab ");
        cdn.origin.clearFaults();
        var healed = cdn.fetch(url);
        assertThat(healed.status()).isEqualTo(200);
        assertThat(healed.body()).startsWith("lab /lab/fail ");
    }

    @Test
    void aLyingContentLengthIsNeverCached() {
        String url = lab("liar", "max-age=60", "size=200000");
        cdn.origin.fault(FaultRule.of(FaultMode.TRUNCATE, path(url)));
        // The edge may already have sent headers when the origin falls short: then the client's body breaks.
        try (Response r = cdn.get(url)) {
            byte[] body = r.body().bytes();
            assertThat(r.code() != 200 || body.length != 200_000).as("a truncated body is never passed off as whole").isTrue();
        } catch (IOException | UncheckedIOException broken) {
            assertThat(broken).isNotNull();
        }
        cdn.origin.clearFaults();
        var whole = cdn.fetch(url);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.cache()).as("the truncated fill was not stored").isEqualTo("MISS");
        assertThat(whole.body()).hasSize(200_000);
        assertThat(cdn.fetch(url).cache()).isEqualTo("HIT");
        assertServesOthers();
    }

    @Test
    void aLargeDownloadStreamsThroughWithoutBeingCached() throws IOException {
        // 10 MB is over the fixture's 8 MB maxObjectSize: it passes through, whole.
        try (Response r = cdn.get("/downloads/10MB.bin")) {
            assertThat(r.code()).isEqualTo(200);
            long n = 0;
            byte[] buf = new byte[1 << 16];
            for (int k; (k = r.body().byteStream().read(buf)) > 0; ) {
                n += k;
            }
            assertThat(n).isEqualTo(10L << 20);
        }
        cdn.get("/downloads/10MB.bin").close();
        assertThat(cdn.origin.requestCount("/downloads/10MB.bin")).isEqualTo(2);
    }

    private static void assertServesOthers() {
        assertThat(cdn.fetch("/health").status()).isEqualTo(200);
    }
}
