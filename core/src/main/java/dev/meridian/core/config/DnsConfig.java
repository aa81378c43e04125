package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The GTM: the zones it is authoritative for, where it listens, and the server's limits.
 *
 * @param zone            the CDN zone holding the properties' hostnames
 * @param zones           further zones served (customer zones whose hostnames are CNAMEs into {@code zone})
 * @param nameservers     the apex NS records with their glue; default one {@code ns1.<zone>} at the listen address
 * @param ttl             default TTL of answers; hostnames may override it
 * @param negativeTtl     TTL of NXDOMAIN/NODATA answers (the SOA minimum)
 * @param maxUdpPayload   the EDNS0 UDP payload size advertised and the most ever sent over UDP
 * @param udpThreads      UDP receive threads
 * @param tcpMaxConnections TCP connections served at once; more are closed at accept
 * @param tcpIdleTimeout  a TCP connection with nothing to read for this long is closed
 * @param staleAfter      health, load or latency state older than this counts as unknown (probe-fed state only)
 * @param stateDir        where state that survives a restart (persistence table) is kept
 * @param decisionLog     which decisions are logged (default {@code sampled})
 * @param decisionLogSample share of decisions logged when sampled (0..1)
 * @param lossPenalty     the loss-penalty table of path scores {@code latency + max(100 ms, latency) * penalty(loss)}:
 *                        points {@code {loss, penalty}} from loss 0, penalties never decreasing, straight lines between
 * @param probes          live service, load and latency probes feeding the answers; absent means none
 */
public record DnsConfig(
        String zone,
        List<String> zones,
        List<DnsNameserverConfig> nameservers,
        HostPort listen,
        HostPort admin,
        Duration ttl,
        Duration negativeTtl,
        Integer maxUdpPayload,
        Integer udpThreads,
        Integer tcpMaxConnections,
        Duration tcpIdleTimeout,
        Duration staleAfter,
        Path stateDir,
        DecisionLog decisionLog,
        Double decisionLogSample,
        List<LossPenaltyPointConfig> lossPenalty,
        ProbesConfig probes) implements Validatable {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_UDP_PAYLOAD = 1232;
    public static final int DEFAULT_UDP_THREADS = 2;
    public static final int DEFAULT_TCP_MAX_CONNECTIONS = 128;
    public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(30);
    public static final Path DEFAULT_STATE_DIR = Path.of("var", "gtm");

    public DnsConfig {
        zones = zones == null ? List.of() : List.copyOf(zones);
        nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
        ttl = ttl == null ? DEFAULT_TTL : ttl;
        negativeTtl = negativeTtl == null ? DEFAULT_NEGATIVE_TTL : negativeTtl;
        maxUdpPayload = maxUdpPayload == null ? DEFAULT_MAX_UDP_PAYLOAD : maxUdpPayload;
        udpThreads = udpThreads == null ? DEFAULT_UDP_THREADS : udpThreads;
        tcpMaxConnections = tcpMaxConnections == null ? DEFAULT_TCP_MAX_CONNECTIONS : tcpMaxConnections;
        tcpIdleTimeout = tcpIdleTimeout == null ? DEFAULT_TCP_IDLE_TIMEOUT : tcpIdleTimeout;
        staleAfter = staleAfter == null ? DEFAULT_STALE_AFTER : staleAfter;
        stateDir = stateDir == null ? DEFAULT_STATE_DIR : stateDir;
        decisionLog = decisionLog == null ? DecisionLog.SAMPLED : decisionLog;
        decisionLogSample = decisionLogSample == null ? 0.01 : decisionLogSample;
        lossPenalty = lossPenalty == null ? LossPenaltyPointConfig.DEFAULTS : java.util.Collections.unmodifiableList(
                new ArrayList<>(lossPenalty));
    }

    /** Every zone served, the CDN zone first. */
    public List<String> allZones() {
        List<String> all = new ArrayList<>();
        if (zone != null) {
            all.add(zone);
        }
        all.addAll(zones);
        return all;
    }

    /**
     * The admin listeners of every GTM server: this config's own (unless it asks for port 0) and the
     * peers. Edges report to all of them, so no GTM depends on another to learn what an edge knows.
     */
    public List<HostPort> gtmAdmins() {
        List<HostPort> all = new ArrayList<>();
        if (admin != null && admin.port() != 0) {
            all.add(admin);
        }
        if (probes != null) {
            all.addAll(probes.peers());
        }
        return all;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("zone"), zone)) {
            errors.check(at.field("zone"), zone, Hostnames::isValid, "not a DNS name");
        }
        for (int i = 0; i < zones.size(); i++) {
            errors.check(at.field("zones").index(i), zones.get(i), Hostnames::isValid, "not a DNS name");
            if (zone != null && zones.get(i) != null && zones.get(i).equalsIgnoreCase(zone)) {
                errors.add(at.field("zones").index(i), "repeats dns.zone");
            }
        }
        errors.each(at.field("nameservers"), nameservers);
        errors.required(at.field("listen"), listen);
        errors.check(at.field("ttl"), ttl, t -> !t.isNegative() && t.toSeconds() <= 86400, "must be within 0s..1d");
        errors.check(at.field("negativeTtl"), negativeTtl, t -> !t.isNegative() && t.toSeconds() <= 86400,
                "must be within 0s..1d");
        errors.check(at.field("maxUdpPayload"), maxUdpPayload, n -> n >= 512 && n <= 4096, "must be within 512..4096");
        errors.check(at.field("udpThreads"), udpThreads, n -> n >= 1 && n <= 64, "must be within 1..64");
        errors.check(at.field("tcpMaxConnections"), tcpMaxConnections, n -> n >= 1 && n <= 10000,
                "must be within 1..10000");
        errors.check(at.field("tcpIdleTimeout"), tcpIdleTimeout, t -> !t.isNegative() && !t.isZero()
                && t.toMinutes() <= 10, "must be within 1ms..10m");
        errors.check(at.field("staleAfter"), staleAfter, t -> !t.isNegative() && !t.isZero(), "must be positive");
        errors.check(at.field("decisionLogSample"), decisionLogSample, s -> s >= 0 && s <= 1, "must be within 0..1");
        LossPenaltyPointConfig.validateTable(at.field("lossPenalty"), lossPenalty, errors);
        errors.nested(at.field("probes"), probes);
    }

    /** Which of the GTM's decisions are logged. */
    public enum DecisionLog {
        /** Every decision. */
        @JsonProperty("full") FULL,
        /** A random share of decisions ({@code decisionLogSample}). */
        @JsonProperty("sampled") SAMPLED,
        @JsonProperty("off") OFF
    }
}
