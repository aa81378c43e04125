package dev.meridian.uplink.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.uplink.wire.DnsMinute;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DnsCountersTest {
    private static final long T0 = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
    private final AtomicLong now = new AtomicLong(T0);
    private final InetAddress edge = ip("192.0.2.10");

    @Test
    void decisionsAreCountedPerHostnameAnswerPopAndClientBlock() {
        DnsCounters counters = new DnsCounters(now::get, 1000);
        counters.decided("cdn.example", edge, "sjc", ip("198.51.100.7"), 32);
        counters.decided("cdn.example", edge, "sjc", ip("198.51.100.200"), 32);
        counters.decided("cdn.example", edge, "sjc", ip("203.0.113.9"), 20);
        counters.decided("cdn.example", edge, "sjc", ip("2001:db8:1:2:3::1"), 64);
        counters.decided("cdn.example", ip("203.0.113.80"), null, null, 0);
        now.addAndGet(60_000);

        assertThat(counters.close(now.get(), false).dns()).containsExactlyInAnyOrder(
                row("cdn.example", "192.0.2.10", "sjc", "198.51.100.0/24", 2),
                row("cdn.example", "192.0.2.10", "sjc", "203.0.112.0/20", 1),
                row("cdn.example", "192.0.2.10", "sjc", "2001:db8:1:0:0:0:0:0/56", 1),
                row("cdn.example", "203.0.113.80", null, "-", 1));
        assertThat(counters.close(now.get(), false).isEmpty()).isTrue();
    }

    @Test
    void pastItsKeysAMinuteCountsNewBlocksUnderOther() {
        DnsCounters counters = new DnsCounters(now::get, 2);
        counters.decided("cdn.example", edge, "sjc", ip("10.0.1.1"), 32);
        counters.decided("cdn.example", edge, "sjc", ip("10.0.2.1"), 32);
        counters.decided("cdn.example", edge, "sjc", ip("10.0.3.1"), 32);
        counters.decided("cdn.example", edge, "sjc", ip("10.0.4.1"), 32);
        counters.decided("cdn.example", edge, "sjc", ip("10.0.1.2"), 32);
        now.addAndGet(60_000);

        assertThat(counters.close(now.get(), false).dns()).containsExactlyInAnyOrder(
                row("cdn.example", "192.0.2.10", "sjc", "10.0.1.0/24", 2),
                row("cdn.example", "192.0.2.10", "sjc", "10.0.2.0/24", 1),
                row("cdn.example", "192.0.2.10", "sjc", DnsCounters.OTHER_BLOCK, 2));
        assertThat(counters.overflowed()).isEqualTo(2);
        counters.decided("cdn.example", edge, "sjc", ip("10.0.3.1"), 32);
        now.addAndGet(60_000);
        assertThat(counters.close(now.get(), false).dns()).as("a new minute, a new table")
                .containsExactly(new DnsMinute(Instant.ofEpochMilli(T0 + 60_000), "cdn.example", "192.0.2.10", "sjc",
                        "10.0.3.0/24", 1));
    }

    @Test
    void raceAcrossMinuteBoundariesLosesNoDecision() throws Exception {
        AtomicLong clock = new AtomicLong(T0);
        DnsCounters counters = new DnsCounters(clock::get, 50_000);
        int threads = 3;
        int perThread = 100_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            InetAddress client = ip("10.0." + t + ".1");
            writers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    counters.decided("cdn.example", edge, "sjc", client, 32);
                }
                return null;
            }));
        }
        List<DnsMinute> shipped = new ArrayList<>();
        go.countDown();
        while (!writers.stream().allMatch(Future::isDone)) {
            clock.addAndGet(20_000);
            shipped.addAll(counters.close(clock.get(), false).dns());
        }
        for (Future<?> w : writers) {
            w.get();
        }
        shipped.addAll(counters.close(clock.get(), true).dns());
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(shipped.stream().mapToLong(DnsMinute::decisions).sum()).isEqualTo((long) threads * perThread);
    }

    @Test
    void aBusyMinuteIsSplitIntoBatchesTheConsoleTakes() {
        DnsCounters counters = new DnsCounters(now::get, 1000);
        for (int i = 0; i < 250; i++) {
            counters.decided("cdn.example", edge, "sjc", ip("10." + (i / 256) + "." + (i % 256) + ".1"), 32);
        }
        now.addAndGet(60_000);

        List<ClosedMinutes> parts = counters.close(now.get(), false).split(100);

        assertThat(parts).extracting(p -> p.dns().size()).containsExactly(100, 100, 50);
        assertThat(parts).allSatisfy(p -> assertThat(p.minutes()).isEqualTo(1));
        assertThat(parts.stream().flatMap(p -> p.dns().stream()).map(DnsMinute::clientBlock).distinct()).hasSize(250);
    }

    private DnsMinute row(String hostname, String answer, String pop, String block, long n) {
        return new DnsMinute(Instant.ofEpochMilli(T0), hostname, answer, pop, block, n);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
