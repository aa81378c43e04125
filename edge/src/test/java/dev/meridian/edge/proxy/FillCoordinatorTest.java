package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FillCoordinatorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final FillCoordinator fills = new FillCoordinator(pool);
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Fill work() {
        return new Fill.Failed(502, "run " + runs.incrementAndGet(), -1);
    }

    @Test
    void requestsWhileAFillRunsShareIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Fill> first = fills.join("k", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return work();
        });
        CompletableFuture<Fill> second = fills.join("k", this::work);
        assertThat(second).isSameAs(first);
        release.countDown();
        assertThat(((Fill.Failed) second.get(5, TimeUnit.SECONDS)).reason()).isEqualTo("run 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRequestMadeWhenAFillCompletesStartsAFreshOne() throws Exception {
        // The waiter's callback runs as the fill completes; if it asks again (a client's next request),
        // it must not be handed the finished result.
        CompletableFuture<Fill> next = fills.join("k", this::work)
                .thenCompose(done -> fills.join("k", this::work));
        assertThat(((Fill.Failed) next.get(5, TimeUnit.SECONDS)).reason()).isEqualTo("run 2");
    }

    private Fill stored(boolean shareable) {
        runs.incrementAndGet();
        CachedResponse response = new CachedResponse(200, List.of(), ByteBuffer.wrap(new byte[16]), 0, 0, Duration.ZERO);
        return new Fill.Ready(response, CacheStatus.MISS, "k", shareable ? null : new Object(), -1);
    }

    @Test
    void aRequestThatLookedBeforeAFillCompletedTakesItsResult() throws Exception {
        // The request looked in the memory tier (and missed) while the fill ran, but joins only after
        // it finished: asking the origin again would be a second fetch of the object just fetched.
        FillMark lookedAt = fills.mark();
        Fill first = fills.join("k", lookedAt, () -> stored(true)).get(5, TimeUnit.SECONDS);
        Fill late = fills.join("k", lookedAt, () -> stored(true)).get(5, TimeUnit.SECONDS);
        assertThat(late).isSameAs(first);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRequestThatLookedAfterAFillCompletedStartsAFreshOne() throws Exception {
        fills.join("k", fills.mark(), () -> stored(true)).get(5, TimeUnit.SECONDS);
        fills.join("k", fills.mark(), () -> stored(true)).get(5, TimeUnit.SECONDS);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aResultForOneClientOnlyIsNeverHandedToALateRequest() throws Exception {
        FillMark lookedAt = fills.mark();
        fills.join("k", lookedAt, () -> stored(false)).get(5, TimeUnit.SECONDS);
        fills.join("k", lookedAt, () -> stored(false)).get(5, TimeUnit.SECONDS);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aLaterFailedFillReplacesTheKeptResult() throws Exception {
        FillMark lookedAt = fills.mark();
        fills.join("k", lookedAt, () -> stored(true)).get(5, TimeUnit.SECONDS);
        FillMark beforeFailure = fills.mark();
        fills.join("k", beforeFailure, this::work).get(5, TimeUnit.SECONDS);
        Fill next = fills.join("k", beforeFailure, this::work).get(5, TimeUnit.SECONDS);
        assertThat(((Fill.Failed) next).reason()).isEqualTo("run 3");
    }
}
