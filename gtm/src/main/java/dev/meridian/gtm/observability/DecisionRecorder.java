package dev.meridian.gtm.observability;

import dev.meridian.core.config.DnsConfig.DecisionLog;
import dev.meridian.gtm.net.ClientSubnet;
import dev.meridian.gtm.policy.Candidate;
import dev.meridian.gtm.policy.Decision;
import dev.meridian.uplink.usage.DnsCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every answer decision per hostname (and reason), per answered address and per POP, and logs them:
 * every one, a random sample, or none; with usage on, also per minute for the console ({@link DnsCounters}). Counters are looked up once per label set and kept.
 */
public final class DecisionRecorder {
    /** Decision lines go to their own logger so they can be routed to a file of their own. */
    private static final Logger decisions = LoggerFactory.getLogger("dev.meridian.gtm.decisions");

    /** How much of the decision stream is logged. */
    public record LogPolicy(DecisionLog mode, double sample) {
        /** Nothing logged, decisions still counted. */
        public static LogPolicy off() {
            return new LogPolicy(DecisionLog.OFF, 0);
        }

        boolean logThis() {
            return switch (mode) {
                case FULL -> true;
                case SAMPLED -> sample > 0 && ThreadLocalRandom.current().nextDouble() < sample;
                case OFF -> false;
            };
        }
    }

    private final MeterRegistry registry;
    private volatile LogPolicy logPolicy;
    private final Map<String, HostnameMeters> hostnames = new ConcurrentHashMap<>();
    private final Map<String, Counter> pops = new ConcurrentHashMap<>();
    /** Per-minute usage for the console; null when this GTM ships none. */
    private final DnsCounters usage;

    public DecisionRecorder(MeterRegistry registry, LogPolicy logPolicy) {
        this(registry, logPolicy, null);
    }

    /** @param usage where each answered address is also counted for the console, or null */
    public DecisionRecorder(MeterRegistry registry, LogPolicy logPolicy, DnsCounters usage) {
        this.registry = registry;
        this.logPolicy = logPolicy;
        this.usage = usage;
    }

    /** Applies a reloaded config's logging choice. */
    public void logPolicy(LogPolicy policy) {
        this.logPolicy = policy;
    }

    public void record(String hostname, String type, ClientSubnet client, Decision decision) {
        HostnameMeters meters = hostnames.get(hostname);
        if (meters == null) {
            meters = hostnames.computeIfAbsent(hostname, HostnameMeters::new);
        }
        meters.decision(decision.reason()).increment();
        for (Candidate c : decision.answer()) {
            meters.answer(c.address()).increment();
            if (usage != null) {
                usage.decided(hostname, c.address(), c.pop(), client == null ? null : client.address(),
                        client == null ? 0 : client.sourcePrefix());
            }
            if (c.pop() != null) {
                Counter pop = pops.get(c.pop());
                (pop != null ? pop : pops.computeIfAbsent(c.pop(), id -> Counter.builder("meridian_gtm_pop_answers")
                        .description("Answers that sent clients to each POP").tag("pop", id).register(registry))).increment();
            }
        }
        if (logPolicy.logThis()) {
            decisions.info("hostname={} type={} client={} answer={} scope={} ttl={} reason={}", hostname, type,
                    client == null ? "-" : client, decision.answer().stream().map(Candidate::label).toList(),
                    decision.scope(), decision.ttlSeconds(), decision.reason());
        }
    }

    /** One hostname's counters, each registered on first use and kept. */
    private final class HostnameMeters {
        private final String hostname;
        private final Map<String, Counter> reasons = new ConcurrentHashMap<>();
        private final Map<InetAddress, Counter> answers = new ConcurrentHashMap<>();

        HostnameMeters(String hostname) {
            this.hostname = hostname;
        }

        Counter decision(String reason) {
            Counter c = reasons.get(reason);
            return c != null ? c : reasons.computeIfAbsent(reason, r -> Counter.builder("meridian_gtm_decisions")
                    .description("DNS answer decisions per hostname and deciding step")
                    .tag("hostname", hostname).tag("reason", r).register(registry));
        }

        Counter answer(InetAddress address) {
            Counter c = answers.get(address);
            return c != null ? c : answers.computeIfAbsent(address, a -> Counter.builder("meridian_gtm_answers")
                    .description("Times each address was given out, per hostname")
                    .tag("hostname", hostname).tag("address", a.getHostAddress()).register(registry));
        }
    }
}
