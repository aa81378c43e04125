package dev.meridian.probe.latency;

import dev.meridian.core.config.LatencyProbesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The methods a latency agent tries, cheapest first, as the config lists them. */
public final class MeasurementMethods {
    private MeasurementMethods() {}

    /** {@code emulated}, when given, goes first: with emulation on, invented distances win over loopback ones. */
    public static List<MeasurementMethod> fromConfig(LatencyProbesConfig lc, Optional<MeasurementMethod> emulated) {
        List<MeasurementMethod> methods = new ArrayList<>();
        emulated.ifPresent(methods::add);
        for (String m : lc.methods()) {
            methods.add(switch (m) {
                case "dns" -> new DnsRoundTripMethod(lc.dnsPort(), lc.timeout(), lc.attempts());
                case "tcp" -> new TcpConnectMethod(lc.tcpPort(), lc.timeout(), lc.attempts());
                case "icmp" -> new IcmpEchoMethod(lc.timeout(), lc.attempts());
                default -> throw new IllegalArgumentException("unknown latency method " + m);
            });
        }
        return methods;
    }
}
