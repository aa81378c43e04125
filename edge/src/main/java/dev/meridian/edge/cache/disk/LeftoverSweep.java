package dev.meridian.edge.cache.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up sweep: removes, in the background, what a crash may have left behind. That is every
 * temporary file of an earlier run (an object whose write never finished) and every object file
 * that reached {@code objects/} but not the index log (renamed, then the crash before its PUT
 * record). Only ids from before this run are candidates: ids start each run above every earlier
 * one, so a file this run is writing is never taken for a leftover.
 *
 * <p>One directory per janitor task, so unlinks of removed objects are not held up behind a long
 * sweep; it stops when the store closes (the next start sweeps again).
 */
final class LeftoverSweep {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverSweep.class);

    private final String store;
    private final StoreLayout layout;
    private final long[] liveAtStart;
    private final long firstIdOfThisRun;
    private final Executor janitor;
    private final BooleanSupplier stopped;

    /**
     * @param liveAtStart      the file ids the replayed log holds, sorted
     * @param firstIdOfThisRun the first id this run hands out
     * @param stopped          true once the store closes
     */
    LeftoverSweep(String store, StoreLayout layout, long[] liveAtStart, long firstIdOfThisRun, Executor janitor,
                  BooleanSupplier stopped) {
        this.store = store;
        this.layout = layout;
        this.liveAtStart = liveAtStart;
        this.firstIdOfThisRun = firstIdOfThisRun;
        this.janitor = janitor;
        this.stopped = stopped;
    }

    void start() {
        janitor.execute(() -> sweep(-1, 0));
    }

    /** @param dirIndex -1 for {@code tmp/}, then each of the object directories */
    private void sweep(int dirIndex, long reclaimedSoFar) {
        if (stopped.getAsBoolean()) {
            return;
        }
        long reclaimed = reclaimedSoFar;
        try {
            reclaimed += dirIndex < 0 ? sweepDir(layout.tmp(), true) : sweepDir(layout.objectDir(dirIndex), false);
        } catch (IOException e) {
            LOG.warn("disk cache {}: sweeping leftovers failed ({})", store, e.toString());
        }
        if (dirIndex + 1 < StoreLayout.FANOUT) {
            long soFar = reclaimed;
            try {
                janitor.execute(() -> sweep(dirIndex + 1, soFar));
            } catch (RejectedExecutionException e) {
                // shutting down: the next start sweeps again
            }
        } else if (reclaimed > 0) {
            LOG.info("disk cache {}: reclaimed {} files left by an earlier run", store, reclaimed);
        }
    }

    private long sweepDir(Path dir, boolean temporary) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (stopped.getAsBoolean()) {
                    break;
                }
                String file = f.getFileName().toString();
                long id;
                try {
                    id = Long.parseUnsignedLong(temporary ? file.replace(".tmp", "") : file, 16);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (id < firstIdOfThisRun && (temporary || Arrays.binarySearch(liveAtStart, id) < 0)) {
                    QuietFiles.delete(f);
                    n++;
                }
            }
        }
        return n;
    }
}
