package dev.meridian.uplink.spool;

import java.nio.file.Path;

/**
 * One batch file in the spool.
 *
 * @param sequence its place in the spool's order (and in its batch id)
 * @param file     where it is
 * @param minutes  node-minutes it holds: what dropping it loses
 * @param bytes    its size on disk
 */
public record SpooledBatch(long sequence, Path file, int minutes, long bytes) {
}
