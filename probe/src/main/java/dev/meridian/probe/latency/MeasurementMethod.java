package dev.meridian.probe.latency;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One way of measuring the path from a POP to a target. A latency agent tries its methods cheapest
 * first and escalates when one gets no reply.
 */
public interface MeasurementMethod {
    /** The label results carry: "dns", "tcp", "icmp", "emulated". */
    String name();

    /** True for methods that invent distances instead of measuring them; shown wherever results show. */
    default boolean emulated() {
        return false;
    }

    /** Measures the path from {@code pop} to {@code target}; empty when no reply came back at all. */
    Optional<PathSample> measure(String pop, InetAddress target);
}
