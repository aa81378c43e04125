package dev.meridian.uplink.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {
    @TempDir
    Path outbox;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StubConsole console = new StubConsole();

    /** Answers in order (the last repeating) and records what was put. */
    private static final class StubConsole implements LogTransport {
        final Deque<Integer> answers = new ArrayDeque<>(List.of(200));
        final List<String> received = new ArrayList<>();
        final List<String> checksums = new ArrayList<>();

        @Override
        public Answer put(String customer, LogFileName name, Path file, String sha256) throws IOException {
            received.add(customer + "/" + name);
            checksums.add(sha256);
            int status = answers.size() > 1 ? answers.poll() : answers.peek();
            if (status < 0) {
                throw new IOException("connection refused");
            }
            return new Answer(status, "");
        }
    }

    private Path complete(String customer, int second, String body) throws IOException {
        LogFileName name = new LogFileName("sjc", Instant.parse("2026-12-07T21:00:00Z").plusSeconds(second), 0);
        Path dir = Files.createDirectories(outbox.resolve(customer));
        return Files.writeString(dir.resolve(name.toString()), body);
    }

    private LogShipper shipper(long spool) {
        return new LogShipper(outbox, spool, console, now::get);
    }

    @Test
    void shipsOldestFirstAcrossCustomersAndDeletesWhatTheConsoleAcknowledged() throws Exception {
        Path third = complete("acme", 30, "c");
        Path first = complete("beta", 10, "a");
        Path second = complete("acme", 20, "b");

        assertThat(shipper(1 << 20).shipRound()).isEqualTo(3);

        assertThat(console.received).containsExactly("beta/sjc-20261207T210010Z-000000.log.gz",
                "acme/sjc-20261207T210020Z-000000.log.gz", "acme/sjc-20261207T210030Z-000000.log.gz");
        assertThat(console.checksums.get(0))
                .isEqualTo("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"); // sha256("a")
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        assertThat(third).doesNotExist();
    }

    @Test
    void keepsFilesWhileTheConsoleIsAwayAndRetriesAfterTheBackoffInOrder() throws Exception {
        Path older = complete("acme", 10, "a");
        Path newer = complete("acme", 20, "b");
        console.answers.clear();
        console.answers.addAll(List.of(-1, 503, 200));
        LogShipper shipper = shipper(1 << 20);

        assertThat(shipper.shipRound()).as("unreachable").isZero();
        assertThat(shipper.shipRound()).as("still within the first backoff: not even tried").isZero();
        assertThat(console.received).hasSize(1);
        now.addAndGet(LogShipper.FIRST_BACKOFF_MILLIS);
        assertThat(shipper.shipRound()).as("503").isZero();
        now.addAndGet(LogShipper.FIRST_BACKOFF_MILLIS);
        assertThat(shipper.shipRound()).as("the backoff doubled").isZero();
        assertThat(older).exists();
        assertThat(newer).exists();
        assertThat(shipper.backlogFiles()).isEqualTo(2);
        now.addAndGet(LogShipper.FIRST_BACKOFF_MILLIS);

        assertThat(shipper.shipRound()).isEqualTo(2);
        assertThat(console.received).extracting(s -> s.substring(s.indexOf('-') + 1, s.indexOf('-') + 16))
                .containsExactly("20261207T210010", "20261207T210010", "20261207T210010", "20261207T210020");
        assertThat(shipper.failures()).isEqualTo(2);
        assertThat(shipper.backlogFiles()).isZero();
        assertThat(older).doesNotExist();
    }

    @Test
    void aFileRefusedForGoodIsDroppedAndCountedAndTheNextOneStillGoes() throws Exception {
        Path bad = complete("acme", 10, "a");
        Path good = complete("acme", 20, "b");
        console.answers.clear();
        console.answers.addAll(List.of(400, 200));
        LogShipper shipper = shipper(1 << 20);

        assertThat(shipper.shipRound()).isEqualTo(1);

        assertThat(shipper.refused()).isEqualTo(1);
        assertThat(bad).doesNotExist();
        assertThat(good).doesNotExist();
    }

    @Test
    void aBadTokenKeepsEveryFile() throws Exception {
        Path file = complete("acme", 10, "a");
        console.answers.clear();
        console.answers.add(401);

        assertThat(shipper(1 << 20).shipRound()).isZero();

        assertThat(file).exists();
    }

    @Test
    void aFullSpoolDropsTheOldestFilesCountedAndKeepsTheNewest() throws Exception {
        String kb = "x".repeat(1024);
        Path oldest = complete("acme", 10, kb);
        Path middle = complete("beta", 20, kb);
        Path newest = complete("acme", 30, kb);
        console.answers.clear();
        console.answers.add(-1);
        LogShipper shipper = shipper(2048);

        shipper.shipRound();

        assertThat(shipper.dropped()).isEqualTo(1);
        assertThat(oldest).doesNotExist();
        assertThat(middle).exists();
        assertThat(newest).exists();
        assertThat(shipper.backlogBytes()).isEqualTo(2048);
    }

    @Test
    void theShippingThreadShipsWhenWokenAndRetriesWhenTheBackoffEnds() throws Exception {
        console.answers.clear();
        console.answers.addAll(List.of(503, 200));
        Path file = complete("acme", 10, "a");
        try (LogShipper shipper = new LogShipper(outbox, 1 << 20, console, System::currentTimeMillis)
                .start("test-log-shipper")) {
            shipper.wake();

            // Well before the idle round: the retry follows the first backoff.
            Awaitility.await().atMost(Duration.ofMillis(LogShipper.IDLE_ROUND_MILLIS / 2))
                    .until(() -> shipper.shipped() == 1);
            assertThat(file).doesNotExist();
            assertThat(shipper.failures()).isEqualTo(1);
        }
    }

    @Test
    void ignoresWhatIsNotACompletedLogFile() throws Exception {
        Files.createDirectories(outbox.resolve("acme"));
        Files.writeString(outbox.resolve("acme").resolve("sjc-20261207T210010Z-000000.log.gz.tmp"), "partial",
                StandardCharsets.UTF_8);
        Files.createDirectories(outbox.resolve("Not_A_Customer"));
        Files.writeString(outbox.resolve("Not_A_Customer").resolve("sjc-20261207T210010Z-000000.log.gz"), "x");

        assertThat(shipper(1 << 20).shipRound()).isZero();
        assertThat(console.received).isEmpty();
    }
}
