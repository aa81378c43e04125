package dev.meridian.uplink.wire;

import java.time.Instant;
import java.util.List;

/**
 * One shipment of closed minutes from one node. The console records {@code batchId} in the same
 * transaction as the rows, so a batch sent twice (the answer to the first was lost) counts once.
 *
 * @param batchId unique per node and batch: {@code <node>-<sequence>} with the node's spool sequence
 * @param node    the sender's node id (an edge's POP id, a GTM's name); must match its token
 * @param sentAt  when the node sent it (informational: rows carry their own minute)
 * @param spool   the sender's spool at sending, shown on the operator pages
 * @param edge    per-minute edge counters (empty from a GTM)
 * @param dns     per-minute GTM decision counters (empty from an edge)
 */
public record UsageBatch(String batchId, String node, Instant sentAt, SpoolStatus spool, List<EdgeMinute> edge,
                         List<DnsMinute> dns) {
    public UsageBatch {
        edge = edge == null ? List.of() : List.copyOf(edge);
        dns = dns == null ? List.of() : List.copyOf(dns);
    }
}
