package dev.meridian.gtm.observability;

import dev.meridian.gtm.net.ClientSubnet;
import dev.meridian.gtm.policy.Candidate;
import dev.meridian.gtm.policy.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every answer decision per hostname (and reason), per answered address and per POP, and logs them:
 * every one, a random sample, or none. Counters are looked up once per label set and kept.
 */
public final class DecisionRecorder {
    /** Decision lines go to their own logger so they can be routed to a file of their own. */
    private static final Logger decisions = LoggerFactory.getLogger("dev.meridian.gtm.decisions");

    /** How much of the decision stream is logged. */
    public record LogPolicy(String mode, double sample) {
        boolean logThis() {
            return switch (mode) {
                case "full" -> true;
                case "sampled" -> sample > 0 && ThreadLocalRandom.current().nextDouble() < sample;
                default -> false;
            };
        }
    }

    private final MeterRegistry registry;
    private volatile LogPolicy logPolicy;
    private final Map<Labels, Counter> counters = new ConcurrentHashMap<>();

    public DecisionRecorder(MeterRegistry registry, LogPolicy logPolicy) {
        this.registry = registry;
        this.logPolicy = logPolicy;
    }

    /** Applies a reloaded config's logging choice. */
    public void logPolicy(LogPolicy policy) {
        this.logPolicy = policy;
    }

    public void record(String hostname, String type, ClientSubnet client, Decision decision) {
        counter(new Labels("meridian_gtm_decisions", hostname, decision.reason(), null, null)).increment();
        for (Candidate c : decision.answer()) {
            counter(new Labels("meridian_gtm_answers", hostname, null, c.address().getHostAddress(), null)).increment();
            if (c.pop() != null) {
                counter(new Labels("meridian_gtm_pop_answers", null, null, null, c.pop())).increment();
            }
        }
        if (logPolicy.logThis()) {
            decisions.info("hostname={} type={} client={} answer={} scope={} ttl={} reason={}", hostname, type,
                    client == null ? "-" : client, decision.answer().stream().map(Candidate::label).toList(),
                    decision.scope(), decision.ttlSeconds(), decision.reason());
        }
    }

    private Counter counter(Labels l) {
        Counter c = counters.get(l);
        return c != null ? c : counters.computeIfAbsent(l, this::register);
    }

    private Counter register(Labels l) {
        Counter.Builder b = Counter.builder(l.name());
        switch (l.name()) {
            case "meridian_gtm_decisions" -> b.description("DNS answer decisions per hostname and deciding step")
                    .tag("hostname", l.hostname()).tag("reason", l.reason());
            case "meridian_gtm_answers" -> b.description("Times each address was given out, per hostname")
                    .tag("hostname", l.hostname()).tag("address", l.address());
            default -> b.description("Answers that sent clients to each POP").tag("pop", l.pop());
        }
        return b.register(registry);
    }

    private record Labels(String name, String hostname, String reason, String address, String pop) {
    }
}
