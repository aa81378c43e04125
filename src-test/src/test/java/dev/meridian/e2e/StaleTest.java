package dev.meridian.e2e;

import static dev.meridian.e2e.CdnFixture.lab;
import static dev.meridian.e2e.CdnFixture.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.originstub.faults.FaultMode;
import dev.meridian.originstub.faults.FaultRule;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Serving stale (RFC 5861, RFC 9111 4.2.4): while revalidating, and when the origin fails. */
class StaleTest {
    private static CdnFixture cdn;

    @BeforeAll
    static void start() {
        cdn = CdnFixture.start();
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
    void staleWhileRevalidateAnswersAtOnceAndRefreshesOnceInTheBackground() {
        // The refresh will take 0.8 s; a stale answer must not wait for it. The refreshed entry is then
        // 0.8 s old on arrival (the origin dated it before the delay), still fresh under max-age=3.
        String url = lab("swr", "max-age=3, stale-while-revalidate=30");
        var first = cdn.fetch(url);
        cdn.origin.fault(FaultRule.slow(path(url), Duration.ofMillis(800)));
        CdnFixture.Exchange[] stale = new CdnFixture.Exchange[1];
        long[] tookMs = new long[1];
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long t0 = System.nanoTime();
            stale[0] = cdn.fetch(url);
            tookMs[0] = (System.nanoTime() - t0) / 1_000_000;
            return !"HIT".equals(stale[0].cache());
        });
        assertThat(stale[0].cache()).isEqualTo("STALE");
        assertThat(stale[0].body()).isEqualTo(first.body());
        assertThat(tookMs[0]).as("answered before the 800 ms refresh could have finished").isLessThan(700);
        // More stale requests during the refresh do not start more refreshes.
        cdn.fetch(url);
        cdn.fetch(url);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> "HIT".equals(cdn.fetch(url).cache()));
        assertThat(cdn.origin.requestCount(path(url))).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesTheStoredResponseWhenTheOriginFails() {
        String url = lab("sie", "max-age=1, stale-if-error=60");
        var first = cdn.fetch(url);
        cdn.origin.fault(FaultRule.fail(path(url)));
        var stale = cdn.awaitNotHit(url);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.cache()).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo(first.body());
        assertThat(cdn.origin.requestCount(path(url))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void staleIfErrorCoversAnUnreachableOriginToo() {
        String url = lab("sie-reset", "max-age=1, stale-if-error=60");
        var first = cdn.fetch(url);
        cdn.origin.fault(FaultRule.of(FaultMode.RESET, path(url)));
        var stale = cdn.awaitNotHit(url);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.cache()).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void withoutStaleIfErrorAnOriginFailureReachesTheClient() {
        String url = lab("no-sie", "max-age=1");
        cdn.fetch(url);
        cdn.origin.fault(FaultRule.of(FaultMode.RESET, path(url)));
        var failed = cdn.awaitNotHit(url);
        assertThat(failed.status()).isEqualTo(502);
    }

    @Test
    void mustRevalidateForbidsStaleEvenWhenStaleIfErrorAllowsIt() {
        String url = lab("must-reval", "max-age=1, must-revalidate, stale-if-error=60");
        cdn.fetch(url);
        cdn.origin.fault(FaultRule.of(FaultMode.RESET, path(url)));
        var failed = cdn.awaitNotHit(url);
        assertThat(failed.status()).isGreaterThanOrEqualTo(500);
        assertThat(failed.cache()).isNotEqualTo("STALE");
    }

}
