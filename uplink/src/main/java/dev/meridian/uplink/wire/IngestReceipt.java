package dev.meridian.uplink.wire;

/**
 * The console's answer to a batch.
 *
 * @param batchId   the batch's id
 * @param rows      rows counted from it (0 for a duplicate)
 * @param duplicate whether the console already had it
 */
public record IngestReceipt(String batchId, int rows, boolean duplicate) {
}
