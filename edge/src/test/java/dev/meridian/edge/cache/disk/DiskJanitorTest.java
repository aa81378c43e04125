package dev.meridian.edge.cache.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The janitor's three jobs, each on its own: the unlink queue, the start-up sweep, the log compaction. */
class DiskJanitorTest {
    private static final Executor NOW = Runnable::run;
    private static final Executor SHUT_DOWN = task -> {
        throw new RejectedExecutionException("shut down");
    };

    @TempDir
    Path dir;

    private StoreLayout layout() throws IOException {
        StoreLayout layout = new StoreLayout(dir);
        layout.createTopDirectories();
        layout.createObjectDirectories();
        return layout;
    }

    private static Path touch(Path file) throws IOException {
        return Files.write(file, new byte[] {1});
    }

    @Test
    void queuedFilesAreUnlinkedOnTheJanitorOrOnTheCallerOnceTheJanitorIsShutDown() throws IOException {
        StoreLayout layout = layout();
        List<Runnable> scheduled = new ArrayList<>();
        UnlinkQueue queue = new UnlinkQueue(layout, scheduled::add);
        Path a = touch(layout.objectFile(0x101));
        Path b = touch(layout.objectFile(0x202));

        queue.add(0x101);
        queue.add(0x202);

        assertThat(scheduled).as("one drain for both").hasSize(1);
        assertThat(a).exists();
        scheduled.get(0).run();
        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();

        Path c = touch(layout.objectFile(0x303));
        new UnlinkQueue(layout, SHUT_DOWN).add(0x303);
        assertThat(c).doesNotExist();
    }

    @Test
    void theSweepReclaimsOnlyFilesOfEarlierRunsThatTheLogDoesNotHold() throws IOException {
        StoreLayout layout = layout();
        Path live = touch(layout.objectFile(0x10));
        Path orphan = touch(layout.objectFile(0x11));
        Path unfinished = touch(layout.tempFile(0x12));
        Path thisRunsObject = touch(layout.objectFile(0x100));
        Path thisRunsTemp = touch(layout.tempFile(0x101));
        Path notOurs = touch(layout.objectDir(0x11).resolve("README"));

        new LeftoverSweep("test", layout, new long[] {0x10}, 0x100, NOW, () -> false).start();

        assertThat(orphan).doesNotExist();
        assertThat(unfinished).doesNotExist();
        assertThat(live).exists();
        assertThat(thisRunsObject).exists();
        assertThat(thisRunsTemp).exists();
        assertThat(notOurs).exists();
    }

    @Test
    void theSweepStopsWhenTheStoreCloses() throws IOException {
        StoreLayout layout = layout();
        Path orphan = touch(layout.objectFile(0x11));

        new LeftoverSweep("test", layout, new long[0], 0x100, NOW, () -> true).start();

        assertThat(orphan).exists();
    }

    @Test
    void aLogFarLongerThanTheIndexIsRewrittenToOneRecordPerLiveObject() throws IOException {
        IndexJournal.Replay[] replay = new IndexJournal.Replay[1];
        try (IndexJournal journal = IndexJournal.open(dir.resolve("index.log"), replay)) {
            DiskIndex index = new DiskIndex(1 << 20, (e, explicit, evicted) -> {
            });
            DiskHealth health = new DiskHealth("test", Duration.ofSeconds(1), System::nanoTime);
            List<Runnable> scheduled = new ArrayList<>();
            LogCompaction compaction = new LogCompaction("test", journal, index, scheduled::add, health);
            DiskEntry kept = new DiskEntry("http://h.test/kept", 1, 100, false);
            journal.put(kept);
            index.put(kept);
            compaction.maybeCompact();
            assertThat(scheduled).as("a short log is left alone").isEmpty();

            for (int i = 0; i < 100_002; i++) {
                journal.stale(1);
            }
            compaction.maybeCompact();
            compaction.maybeCompact();

            assertThat(scheduled).as("one rewrite at a time").hasSize(1);
            scheduled.get(0).run();
            assertThat(journal.records()).isEqualTo(1);
            assertThat(health.writeErrors()).isZero();
        }
        try (IndexJournal reopened = IndexJournal.open(dir.resolve("index.log"), replay)) {
            assertThat(replay[0].live()).containsOnlyKeys(1L);
        }
    }
}
