package dev.meridian.uplink.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.uplink.wire.EdgeMinute;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Serving threads count while the shipper closes minutes and the clock crosses minute boundaries. */
class EdgeCountersRaceTest {

    @Test
    void raceAcrossMinuteBoundariesLosesNoCount() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        EdgeCounters counters = new EdgeCounters("sjc", List.of("a.example"), clock::get, 4, p -> 0);
        int threads = 4;
        int perThread = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(pool.submit(() -> {
                go.await();
                PropertyCounters p = counters.property("a.example");
                for (int i = 0; i < perThread; i++) {
                    p.completed(CacheOutcome.HIT, 200, 3);
                }
                return null;
            }));
        }
        List<EdgeMinute> shipped = new ArrayList<>();
        go.countDown();
        // The shipper: the clock moves a third of a minute per round, closing whatever is finished.
        while (!writers.stream().allMatch(Future::isDone)) {
            clock.addAndGet(20_000);
            shipped.addAll(counters.close(clock.get(), false).edge());
        }
        for (Future<?> w : writers) {
            w.get();
        }
        shipped.addAll(counters.close(clock.get(), true).edge());
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        long total = (long) threads * perThread;
        assertThat(shipped.stream().mapToLong(EdgeMinute::requests).sum()).isEqualTo(total);
        assertThat(shipped.stream().mapToLong(EdgeMinute::hits).sum()).isEqualTo(total);
        assertThat(shipped.stream().mapToLong(EdgeMinute::status2xx).sum()).isEqualTo(total);
        assertThat(shipped.stream().mapToLong(EdgeMinute::bytesToClients).sum()).isEqualTo(3 * total);
        assertThat(shipped.stream().map(EdgeMinute::minute).distinct().count()).as("spread over many minutes").isGreaterThan(1);
    }
}
