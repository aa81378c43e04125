package dev.meridian.edge.origin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How often a request to an origin went again, by why: what keep-alive and origin groups save clients from. */
final class Resends {
    enum Reason {
        /** A pooled connection idle past its origin's limit was closed before use; the next one was taken. */
        EXPIRED_CONNECTION,
        /** A pooled connection turned out closed before a response began; the request went on a new one. */
        CLOSED_CONNECTION,
        /** A server of a group refused the connection; the request went to the next server. */
        NEXT_SERVER
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

    Resends() {
        for (Reason r : Reason.values()) {
            counts.put(r, new LongAdder());
        }
    }

    void count(Reason reason) {
        counts.get(reason).increment();
    }

    void bind(MeterRegistry registry, String pop) {
        counts.forEach((reason, count) -> FunctionCounter.builder("meridian.edge.origin.resends", count, LongAdder::sum)
                .description("Origin requests sent again, by reason").tag("pop", pop)
                .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-')).register(registry));
    }
}
