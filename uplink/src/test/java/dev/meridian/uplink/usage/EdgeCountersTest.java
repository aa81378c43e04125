package dev.meridian.uplink.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meridian.uplink.wire.EdgeMinute;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EdgeCountersTest {
    private static final long T0 = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
    private final AtomicLong now = new AtomicLong(T0 + 5_000);
    private final EdgeCounters counters = new EdgeCounters("sjc", List.of("a.example", "b.example"), now::get, 4,
            property -> property.equals("a.example") ? 777 : 0);

    @Test
    void aMinuteIsShippedOnceItIsOverWithEveryField() {
        PropertyCounters a = counters.property("a.example");
        a.completed(CacheOutcome.HIT, 200, 1024);
        a.completed(CacheOutcome.MISS, 200, 2048);
        a.completed(CacheOutcome.STALE, 304, 0);
        a.completed(CacheOutcome.REVALIDATED, 206, 10);
        a.completed(CacheOutcome.EXPIRED, 404, 5);
        a.completed(CacheOutcome.PASS, 503, 7);
        a.completed(CacheOutcome.NONE, 101, 0);
        a.fromOrigin(4096);
        a.rendition(300);

        assertThat(counters.close(now.get(), false).isEmpty()).as("the minute is still running").isTrue();
        now.addAndGet(60_000);
        List<EdgeMinute> rows = counters.close(now.get(), false).edge();

        assertThat(rows).containsExactly(new EdgeMinute(Instant.ofEpochMilli(T0), "a.example", "sjc", 7, 1024 + 2048 + 10 + 5 + 7,
                4096, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 300, 777));
        assertThat(counters.close(now.get(), false).isEmpty()).as("shipped once").isTrue();
    }

    @Test
    void eachMinuteHasItsOwnRowAndTheCurrentOneGoesOnlyWhenAskedFor() {
        PropertyCounters b = counters.property("b.example");
        b.completed(CacheOutcome.HIT, 200, 1);
        now.addAndGet(60_000);
        b.completed(CacheOutcome.HIT, 200, 1);
        b.completed(CacheOutcome.HIT, 200, 1);

        assertThat(counters.close(now.get(), false).edge()).extracting(EdgeMinute::minute, EdgeMinute::requests)
                .containsExactly(tuple(Instant.ofEpochMilli(T0), 1L));
        assertThat(counters.close(now.get(), true).edge()).extracting(EdgeMinute::minute, EdgeMinute::requests)
                .containsExactly(tuple(Instant.ofEpochMilli(T0 + 60_000), 2L));
    }

    @Test
    void aReloadGivesNewPropertiesCountersAndShipsWhatRemovedOnesCounted() {
        PropertyCounters b = counters.property("b.example");
        b.completed(CacheOutcome.MISS, 200, 9);
        counters.properties(List.of("a.example", "c.example"));

        assertThat(counters.property("b.example")).isNull();
        assertThat(counters.property("a.example")).as("kept across the reload").isNotNull();
        counters.property("c.example").completed(CacheOutcome.HIT, 200, 1);
        now.addAndGet(60_000);

        assertThat(counters.close(now.get(), false).edge()).extracting(EdgeMinute::property)
                .containsExactlyInAnyOrder("b.example", "c.example");
        assertThat(counters.property("unknown.example")).isNull();
    }

    @Test
    void countingARequestAllocatesNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        EdgeCounters real = new EdgeCounters("sjc", List.of("a.example"), System::currentTimeMillis, 4, p -> 0);
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 100_000; i++) {
            count(real);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000_000; i++) {
            count(real);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        // The measuring call itself may allocate a little; a million requests allocating anything would show megabytes.
        assertThat(allocated).isLessThan(1024);
    }

    private static void count(EdgeCounters counters) {
        PropertyCounters p = counters.property("a.example");
        p.completed(CacheOutcome.HIT, 200, 1024);
        p.fromOrigin(10);
    }
}
