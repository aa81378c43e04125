package dev.meridian.uplink.usage;

import dev.meridian.uplink.wire.DnsMinute;
import dev.meridian.uplink.wire.EdgeMinute;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rows a pass over the counters closed: what goes into one batch.
 *
 * @param edge an edge's rows (empty from a GTM)
 * @param dns  a GTM's rows (empty from an edge)
 */
public record ClosedMinutes(List<EdgeMinute> edge, List<DnsMinute> dns) {
    public static final ClosedMinutes NONE = new ClosedMinutes(List.of(), List.of());

    public ClosedMinutes {
        edge = List.copyOf(edge);
        dns = List.copyOf(dns);
    }

    public boolean isEmpty() {
        return edge.isEmpty() && dns.isEmpty();
    }

    /** Distinct minutes the rows are of: what dropping them loses, in node-minutes. */
    public int minutes() {
        return (int) Stream.concat(edge.stream().map(EdgeMinute::minute), dns.stream().map(DnsMinute::minute))
                .distinct().count();
    }

    static Instant minuteStart(long minute) {
        return Instant.ofEpochSecond(minute * 60);
    }
}
