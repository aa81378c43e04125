package dev.meridian.edge.cache.disk;

import java.util.List;

/**
 * What the index knows about one stored object: enough to find, weigh and purge it without
 * touching the disk. Identity matters: a replaced or purged entry is a different object from the
 * one that took its key, so conditional removals never remove a newer entry.
 */
final class DiskEntry {
    private static final int BLOCK_SHIFT = 12;

    final String key;
    final long fileId;
    final long fileSize;
    /** The response's tags (purge by tag), kept in the index log so a restart rebuilds the tag index without reading objects. */
    final List<String> tags;
    /** Soft-purged: served only after revalidation with the origin. */
    volatile boolean stale;

    DiskEntry(String key, long fileId, long fileSize, boolean stale) {
        this(key, fileId, fileSize, stale, List.of());
    }

    DiskEntry(String key, long fileId, long fileSize, boolean stale, List<String> tags) {
        this.key = key;
        this.fileId = fileId;
        this.fileSize = fileSize;
        this.stale = stale;
        this.tags = List.copyOf(tags);
    }

    /**
     * Weight in 4 KiB blocks, the unit file systems allocate in: a 100-byte object costs a block
     * on disk, so counting blocks keeps the real disk use under the configured bound.
     */
    int blocks() {
        return (int) Math.max(1, (fileSize + (1 << BLOCK_SHIFT) - 1) >>> BLOCK_SHIFT);
    }

    static long blocksIn(long bytes) {
        return bytes >>> BLOCK_SHIFT;
    }

    @Override
    public String toString() {
        return key + " (file " + Long.toHexString(fileId) + ", " + fileSize + " bytes)";
    }
}
