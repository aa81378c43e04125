package dev.meridian.uplink.usage;

import dev.meridian.uplink.wire.DnsMinute;
import dev.meridian.uplink.wire.EdgeMinute;
import java.time.Instant;
import java.util.ArrayList;
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

    /** These rows in parts of at most {@code maxRows} rows each (edge rows first), in order. */
    public List<ClosedMinutes> split(int maxRows) {
        if (edge.size() + dns.size() <= maxRows) {
            return List.of(this);
        }
        List<ClosedMinutes> parts = new ArrayList<>();
        for (int i = 0; i < edge.size(); i += maxRows) {
            parts.add(new ClosedMinutes(edge.subList(i, Math.min(edge.size(), i + maxRows)), List.of()));
        }
        for (int i = 0; i < dns.size(); i += maxRows) {
            parts.add(new ClosedMinutes(List.of(), dns.subList(i, Math.min(dns.size(), i + maxRows))));
        }
        return parts;
    }

    static Instant minuteStart(long minute) {
        return Instant.ofEpochSecond(minute * 60);
    }
}
