package dev.meridian.console.purge;

import dev.meridian.uplink.purge.PurgeSpec;
import java.time.Instant;
import java.util.List;

/**
 * A purge as the console keeps it, with each POP's state.
 *
 * @param customer whose purge it is, or null for an operator's
 */
public record PurgeRecord(long seq, String customer, PurgeSpec spec, String requestedBy, Instant requestedAt,
                          List<PopAck> pops) {
    public PurgeRecord {
        pops = List.copyOf(pops);
    }

    /**
     * One POP's part.
     *
     * @param ackedAt   when it acknowledged, or null while pending
     * @param latencyMs from the request to its acknowledgement, or null while pending
     * @param error     the last failure while pending (it is retried), else null
     */
    public record PopAck(String pop, Instant ackedAt, Double latencyMs, String error) {
        public boolean acked() {
            return ackedAt != null;
        }
    }

    public boolean complete() {
        return pops.stream().allMatch(PopAck::acked);
    }

    public List<String> pending() {
        return pops.stream().filter(p -> !p.acked()).map(PopAck::pop).toList();
    }
}
