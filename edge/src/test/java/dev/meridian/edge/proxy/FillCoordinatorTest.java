package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

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
}
