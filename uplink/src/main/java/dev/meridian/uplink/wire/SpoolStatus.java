package dev.meridian.uplink.wire;

/**
 * A node's spool as it ships a batch.
 *
 * @param backlogBatches batches waiting (this one included)
 * @param backlogBytes   their size on disk
 * @param droppedMinutes node-minutes of usage dropped since the node started because the spool was full
 *                       (or refused as invalid by the console), a running total
 */
public record SpoolStatus(long backlogBatches, long backlogBytes, long droppedMinutes) {
}
