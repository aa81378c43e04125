package dev.meridian.uplink.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.uplink.wire.DnsMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
    private static final Instant MINUTE = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void batchesComeBackInOrderAfterARestartAndNumberingGoesOn() throws IOException {
        DiskSpool spool = DiskSpool.open(dir, 1 << 20);
        spool.append(seq -> batch(seq, 1), 1);
        spool.append(seq -> batch(seq, 2), 1);
        spool.append(seq -> batch(seq, 3), 1);
        Files.writeString(dir.resolve("00000000000000000009-1.json.tmp"), "half a bat");

        DiskSpool reopened = DiskSpool.open(dir, 1 << 20);

        assertThat(drainIds(reopened)).containsExactly("sjc-1", "sjc-2", "sjc-3");
        assertThat(reopened.append(seq -> batch(seq, 4), 1).sequence()).isEqualTo(4);
        assertThat(Files.exists(dir.resolve("00000000000000000009-1.json.tmp"))).as("an unfinished write is removed").isFalse();
    }

    @Test
    void overItsBoundTheOldestAreDroppedAndTheirMinutesCounted() throws IOException {
        long oneBatch = BatchJson.write(batch(1, 1)).length;
        DiskSpool spool = DiskSpool.open(dir, oneBatch * 3 + oneBatch / 2);
        for (int i = 1; i <= 5; i++) {
            spool.append(seq -> batch(seq, 7), 2);
        }

        SpoolStatus status = spool.status();
        assertThat(status.backlogBatches()).isEqualTo(3);
        assertThat(status.backlogBytes()).isLessThanOrEqualTo(oneBatch * 3 + oneBatch / 2);
        assertThat(status.droppedMinutes()).as("two batches of two node-minutes").isEqualTo(4);
        assertThat(drainIds(spool)).containsExactly("sjc-3", "sjc-4", "sjc-5");
        assertThat(spool.status()).isEqualTo(new SpoolStatus(0, 0, 4));
    }

    @Test
    void aCorruptFileIsSkippedCountedAndTheRestStillComes() throws IOException {
        DiskSpool spool = DiskSpool.open(dir, 1 << 20);
        spool.append(seq -> batch(seq, 1), 1);
        var second = spool.append(seq -> batch(seq, 2), 3);
        spool.append(seq -> batch(seq, 3), 1);
        Files.write(second.file(), "{\"batchId\": \"sjc-2\", \"edge\": [".getBytes(StandardCharsets.UTF_8));

        DiskSpool reopened = DiskSpool.open(dir, 1 << 20);

        assertThat(drainIds(reopened)).containsExactly("sjc-1", "sjc-3");
        assertThat(reopened.corruptBatches()).isEqualTo(1);
        assertThat(reopened.status().droppedMinutes()).isEqualTo(3);
    }

    @Test
    void aRefusedBatchCountsAsDropped() throws IOException {
        DiskSpool spool = DiskSpool.open(dir, 1 << 20);
        spool.append(seq -> batch(seq, 1), 2);
        spool.refused(spool.oldest().orElseThrow());

        assertThat(spool.status()).isEqualTo(new SpoolStatus(0, 0, 2));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private static List<String> drainIds(DiskSpool spool) {
        List<String> ids = new ArrayList<>();
        Optional<SpooledBatch> next;
        while ((next = spool.oldest()).isPresent()) {
            SpooledBatch spooled = next.get();
            spool.read(spooled).ifPresent(b -> {
                ids.add(b.batchId());
                spool.delivered(spooled);
            });
        }
        return ids;
    }

    static UsageBatch batch(long seq, long decisions) {
        return new UsageBatch("sjc-" + seq, "sjc", MINUTE, null, List.of(),
                List.of(new DnsMinute(MINUTE, "cdn.example", "192.0.2.1", "sjc", "10.0.0.0/24", decisions)));
    }
}
