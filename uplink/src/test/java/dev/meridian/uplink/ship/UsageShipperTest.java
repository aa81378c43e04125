package dev.meridian.uplink.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.uplink.spool.DiskSpool;
import dev.meridian.uplink.testing.StubConsole;
import dev.meridian.uplink.usage.CacheOutcome;
import dev.meridian.uplink.usage.EdgeCounters;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageShipperTest {
    private static final long T0 = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
    private static final String TOKEN = "sjc-token-0123456789";

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(T0 + 1_000);
    private final EdgeCounters counters = new EdgeCounters("sjc", List.of("a.example"), now::get, 4, p -> 0);
    private StubConsole console;
    private UsageShipper shipper;

    @AfterEach
    void stop() {
        if (shipper != null) {
            shipper.close();
        }
        if (console != null) {
            console.close();
        }
    }

    private UsageShipper shipper(String url) throws IOException {
        return new UsageShipper("sjc", url, TOKEN, DiskSpool.open(dir, 1 << 20), counters, Duration.ofSeconds(10), now::get);
    }

    /** {@code n} hits in the current minute, then the clock a minute on and one shipping round. */
    private void minuteOf(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            counters.property("a.example").completed(CacheOutcome.HIT, 200, 100);
        }
        now.addAndGet(60_000);
        shipper.tick();
    }

    @Test
    void aFinishedMinuteReachesTheConsoleWithExactlyItsCountsAndTheNodesToken() throws Exception {
        console = new StubConsole(0);
        shipper = shipper(console.url());

        minuteOf(3);

        assertThat(console.received()).hasSize(1);
        StubConsole.Received got = console.received().get(0);
        assertThat(got.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(got.batch().batchId()).isEqualTo("sjc-1");
        assertThat(got.batch().node()).isEqualTo("sjc");
        assertThat(got.batch().spool()).isEqualTo(new SpoolStatus(1, got.batch().spool().backlogBytes(), 0));
        assertThat(got.batch().edge()).containsExactly(new EdgeMinute(Instant.ofEpochMilli(T0), "a.example", "sjc", 3,
                300, 0, 3, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0));
        assertThat(shipper.status()).isEqualTo(new SpoolStatus(0, 0, 0));
        shipper.tick();
        assertThat(console.received()).as("nothing new, nothing sent").hasSize(1);
    }

    @Test
    void aFailedDeliveryIsRetriedAfterABackOffInOrder() throws Exception {
        console = new StubConsole(0).answer(503);
        shipper = shipper(console.url());

        minuteOf(1);
        assertThat(console.batchIds()).containsExactly("sjc-1");
        assertThat(shipper.status().backlogBatches()).isEqualTo(1);
        counters.property("a.example").completed(CacheOutcome.MISS, 200, 1);
        now.addAndGet(5_000);
        shipper.tick();
        assertThat(console.batchIds()).as("backing off").containsExactly("sjc-1");

        minuteOf(2);

        assertThat(console.batchIds()).containsExactly("sjc-1", "sjc-1", "sjc-2");
        assertThat(console.received().get(2).batch().edge()).extracting(EdgeMinute::requests).containsExactly(3L);
        assertThat(shipper.status().backlogBatches()).isZero();
    }

    @Test
    void aBatchTheConsoleCallsInvalidIsDroppedAndCounted() throws Exception {
        console = new StubConsole(0).answer(400);
        shipper = shipper(console.url());

        minuteOf(1);
        minuteOf(1);

        assertThat(console.batchIds()).containsExactly("sjc-1", "sjc-2");
        assertThat(shipper.status()).isEqualTo(new SpoolStatus(0, 0, 1));
        assertThat(console.received().get(1).batch().spool().droppedMinutes()).as("reported to the console").isEqualTo(1);
    }

    @Test
    void aRefusedTokenKeepsTheBatchesUntilTheConsoleTakesThem() throws Exception {
        console = new StubConsole(0).answer(401, 403);
        shipper = shipper(console.url());

        minuteOf(1);
        now.addAndGet(60_000);
        shipper.tick();
        assertThat(shipper.status().backlogBatches()).isEqualTo(1);
        now.addAndGet(60_000);
        shipper.tick();

        assertThat(console.batchIds()).containsExactly("sjc-1", "sjc-1", "sjc-1");
        assertThat(shipper.status()).isEqualTo(new SpoolStatus(0, 0, 0));
    }

    @Test
    void whileTheConsoleIsDownBatchesWaitAndAreDeliveredInOrderWhenItReturns() throws Exception {
        StubConsole gone = new StubConsole(0);
        int port = gone.port();
        gone.close();
        shipper = shipper("http://127.0.0.1:" + port);

        for (int minute = 1; minute <= 4; minute++) {
            minuteOf(minute);
        }
        assertThat(shipper.status().backlogBatches()).isEqualTo(4);
        shipper.close();
        console = new StubConsole(port);
        shipper = shipper(console.url());
        now.addAndGet(1_000);
        shipper.tick();

        assertThat(console.batchIds()).containsExactly("sjc-1", "sjc-2", "sjc-3", "sjc-4");
        assertThat(console.received()).extracting(r -> r.batch().edge().get(0).requests()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(console.received().get(0).batch().spool().backlogBatches()).isEqualTo(4);
    }

    @Test
    void closingPutsTheCurrentMinuteIntoTheSpoolForTheNextRun() throws Exception {
        console = new StubConsole(0);
        shipper = shipper(console.url());
        counters.property("a.example").completed(CacheOutcome.PASS, 502, 10);

        shipper.close();
        shipper = shipper(console.url());
        shipper.tick();

        assertThat(console.received()).hasSize(1);
        assertThat(console.received().get(0).batch().edge()).containsExactly(new EdgeMinute(Instant.ofEpochMilli(T0),
                "a.example", "sjc", 1, 10, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0));
    }
}
