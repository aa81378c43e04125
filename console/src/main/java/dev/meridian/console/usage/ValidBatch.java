package dev.meridian.console.usage;

import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.uplink.wire.DnsMinute;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import java.util.List;
import java.util.Map;

/**
 * A batch that passed every check, its rows paired with the customer they belong to and their names in
 * the one case the database keys them by (lower case); rows that could not be counted are only counted
 * in {@code dropped}.
 */
public record ValidBatch(String batchId, ConsoleNodeConfig node, SpoolStatus spool, List<OwnedEdgeMinute> edge,
                         List<OwnedDnsMinute> dns, Map<DropReason, Integer> dropped) {
    public ValidBatch {
        edge = List.copyOf(edge);
        dns = List.copyOf(dns);
        dropped = Map.copyOf(dropped);
    }

    /** Rows that will be counted. */
    public int rows() {
        return edge.size() + dns.size();
    }

    /** An edge row and its owner; {@code property} is the row's, in lower case. */
    public record OwnedEdgeMinute(String customer, String property, EdgeMinute row) {
    }

    /** A GTM row and its owner; {@code hostname} in lower case, {@code pop} empty for a customer's own server. */
    public record OwnedDnsMinute(String customer, String hostname, String pop, DnsMinute row) {
    }
}
