/**
 * The messages between a node (edge or GTM) and the console, as JSON records. Both sides read and
 * write only these, so the console never links to the edge or the GTM, nor they to it.
 *
 * <p>Usage: a node {@code POST}s a {@link UsageBatch} to {@code <console url>/v1/ingest/usage} with
 * {@code Authorization: Bearer <node token>}. The console answers 200 with an {@link IngestReceipt}
 * (also for a batch it already has: {@code duplicate} is then true, and nothing is counted twice),
 * 400 for a batch it cannot accept (the node drops it and counts the drop: resending cannot help),
 * 401 for a bad token and 403 for a node it does not know or a batch naming another node; any other
 * answer or no answer means "try again later", and the batch stays in the node's spool.
 */
package dev.meridian.uplink.wire;
