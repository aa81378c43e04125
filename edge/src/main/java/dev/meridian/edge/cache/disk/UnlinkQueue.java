package dev.meridian.edge.cache.disk;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Object files of entries that left the index (evicted, replaced, purged, found corrupt), unlinked
 * on the janitor thread, so a purge of many objects costs index work and one log write, not a
 * file-system call each. The entry's removal is in the log before its id gets here, so a crash
 * before the unlink leaves a file the start-up sweep reclaims, never one that comes back.
 *
 * <p>Bounded by the store: it holds at most one id per object the store ever held at once. One
 * drain is scheduled at a time; a janitor that no longer takes work (shutting down) is replaced by
 * the caller's thread.
 */
final class UnlinkQueue {
    private final ConcurrentLinkedQueue<Long> fileIds = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final StoreLayout layout;
    private final Executor janitor;

    UnlinkQueue(StoreLayout layout, Executor janitor) {
        this.layout = layout;
        this.janitor = janitor;
    }

    void add(long fileId) {
        fileIds.add(fileId);
        if (scheduled.compareAndSet(false, true)) {
            try {
                janitor.execute(this::drain);
            } catch (RejectedExecutionException x) {
                drain();
            }
        }
    }

    /** Unlinks every queued file now, on the calling thread. */
    void drain() {
        scheduled.set(false);
        Long id;
        while ((id = fileIds.poll()) != null) {
            QuietFiles.delete(layout.objectFile(id));
        }
    }
}
