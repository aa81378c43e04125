package dev.meridian.gtm.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.xbill.DNS.Rcode;

/** {@code meridian_gtm_queries_total} by transport and response code, registered up front (no lookup per query). */
final class QueryCounters {
    /** Every response code this server sends. */
    private static final int[] SENT = {Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN, Rcode.NOTIMP,
        Rcode.REFUSED, Rcode.BADVERS};
    private static final int CODES = Rcode.BADVERS + 1;

    private final Counter[][] answered = new Counter[2][CODES];
    private final Counter[] dropped = new Counter[2];

    QueryCounters(MeterRegistry registry) {
        for (int t = 0; t < 2; t++) {
            String transport = t == 0 ? "udp" : "tcp";
            for (int code : SENT) {
                answered[t][code] = counter(registry, transport, Rcode.string(code));
            }
            dropped[t] = counter(registry, transport, "dropped");
        }
    }

    private static Counter counter(MeterRegistry registry, String transport, String result) {
        return Counter.builder("meridian_gtm_queries")
                .description("DNS queries by transport and response code (dropped: no response sent)")
                .tag("transport", transport).tag("rcode", result).register(registry);
    }

    void answered(boolean tcp, int rcode) {
        answered[tcp ? 1 : 0][rcode].increment();
    }

    void dropped(boolean tcp) {
        dropped[tcp ? 1 : 0].increment();
    }
}
