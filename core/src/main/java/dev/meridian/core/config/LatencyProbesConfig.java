package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Latency measurement from the POPs toward the clients that ask, and the map built from it.
 *
 * @param methods       measurement methods, cheapest first: {@code dns}, {@code tcp}, {@code icmp}
 *                      ({@code emulated} is added first when {@code probes.emulation} is set)
 * @param timeConstant  C of the exponentially time-weighted averages
 * @param attempts      packets per measurement: one measurement's loss estimate moves in steps of 1/attempts
 * @param freshFor      a target measured more recently is not measured again; older ones are re-measured on a schedule
 * @param blockPrefixV4 targets are grouped into IPv4 blocks of this length, which split where members disagree
 * @param finestPrefixV4 blocks never split below this length
 * @param agents        where the latency agents run (default {@code edges})
 * @param contestedFreshFor {@code freshFor} of a contested target (its best POP still in doubt: at the worst loss
 *                      its packets so far allow, it does not beat another POP at that one's best plausible loss by
 *                      {@code contestedMargin}), so doubtful decisions get the samples they need to settle
 * @param contestedMargin how far the best POP must stay ahead, on that pessimistic reading, to be beyond doubt
 * @param fallback      default POPs of client blocks nobody in them was measured in: pins and places
 */
public record LatencyProbesConfig(
        List<String> methods,
        Integer dnsPort,
        Integer tcpPort,
        Duration timeout,
        Integer attempts,
        Duration timeConstant,
        Duration freshFor,
        Integer blockPrefixV4,
        Integer finestPrefixV4,
        Integer blockPrefixV6,
        Integer finestPrefixV6,
        Agents agents,
        Duration contestedFreshFor,
        Duration contestedMargin,
        MapFallbackConfig fallback) implements Validatable {
    public static final List<String> METHODS = List.of("dns", "tcp", "icmp");

    public LatencyProbesConfig {
        methods = methods == null ? METHODS : List.copyOf(methods);
        dnsPort = dnsPort == null ? 53 : dnsPort;
        tcpPort = tcpPort == null ? 80 : tcpPort;
        timeout = timeout == null ? Duration.ofSeconds(1) : timeout;
        attempts = attempts == null ? 10 : attempts;
        timeConstant = timeConstant == null ? Duration.ofSeconds(300) : timeConstant;
        freshFor = freshFor == null ? Duration.ofMinutes(2) : freshFor;
        blockPrefixV4 = blockPrefixV4 == null ? 16 : blockPrefixV4;
        finestPrefixV4 = finestPrefixV4 == null ? 24 : finestPrefixV4;
        blockPrefixV6 = blockPrefixV6 == null ? 48 : blockPrefixV6;
        finestPrefixV6 = finestPrefixV6 == null ? 64 : finestPrefixV6;
        agents = agents == null ? Agents.EDGES : agents;
        contestedFreshFor = contestedFreshFor == null ? Duration.ofSeconds(30) : contestedFreshFor;
        contestedMargin = contestedMargin == null ? Duration.ofMillis(10) : contestedMargin;
        fallback = fallback == null ? MapFallbackConfig.defaults() : fallback;
    }

    public boolean agentsAtEdges() {
        return agents == Agents.EDGES;
    }

    public static LatencyProbesConfig defaults() {
        return new LatencyProbesConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        for (int i = 0; i < methods.size(); i++) {
            errors.check(at.field("methods").index(i), methods.get(i), METHODS::contains, "must be one of " + METHODS);
        }
        errors.check(at.field("dnsPort"), dnsPort, p -> p > 0 && p <= 65535, "must be within 1..65535");
        errors.check(at.field("tcpPort"), tcpPort, p -> p > 0 && p <= 65535, "must be within 1..65535");
        errors.check(at.field("timeout"), timeout, d -> d.toMillis() >= 1 && d.toSeconds() <= 30, "must be within 1ms..30s");
        errors.check(at.field("attempts"), attempts, n -> n >= 1 && n <= 20, "must be within 1..20");
        errors.check(at.field("timeConstant"), timeConstant, d -> d.toSeconds() >= 1, "must be at least 1s");
        errors.check(at.field("freshFor"), freshFor, d -> d.toSeconds() >= 1, "must be at least 1s");
        errors.check(at.field("contestedFreshFor"), contestedFreshFor,
                d -> d.toSeconds() >= 1 && (freshFor == null || d.compareTo(freshFor) <= 0), "must be within 1s..freshFor");
        errors.check(at.field("contestedMargin"), contestedMargin, d -> !d.isNegative(), "must not be negative");
        errors.check(at.field("blockPrefixV4"), blockPrefixV4, p -> p >= 0 && p <= 32, "must be within 0..32");
        errors.check(at.field("finestPrefixV4"), finestPrefixV4, p -> p >= blockPrefixV4 && p <= 32,
                "must be within blockPrefixV4..32");
        errors.check(at.field("blockPrefixV6"), blockPrefixV6, p -> p >= 0 && p <= 128, "must be within 0..128");
        errors.check(at.field("finestPrefixV6"), finestPrefixV6, p -> p >= blockPrefixV6 && p <= 128,
                "must be within blockPrefixV6..128");
        errors.nested(at.field("fallback"), fallback);
    }

    /** Where the latency agents run. */
    public enum Agents {
        /** Each POP's edge measures from its POP, asked over its admin listener. */
        @JsonProperty("edges") EDGES,
        /** The GTM measures on every POP's behalf from its own host: for a GTM without edges, such as its own tests. */
        @JsonProperty("local") LOCAL
    }
}
