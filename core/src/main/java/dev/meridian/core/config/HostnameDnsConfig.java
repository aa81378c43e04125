package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * How the GTM answers for one property's hostname.
 *
 * @param ttl           TTL of the answers; default {@code dns.ttl}
 * @param servers       the addresses to answer with: the customer's own servers for a dynamic hostname, or a
 *                      choice of POPs (by {@code pop} id) with their weights; a property with origins and no
 *                      servers is answered with every POP's edge
 * @param answerCount   how many addresses one answer carries
 * @param staticMappings client blocks pinned to given servers, first match wins
 * @param persistence   same client block, same answer, for a while
 * @param fallback      what to answer when every server is down (default {@code all})
 * @param rankTolerance servers whose score is within this of the best share the answers by weight; default 0:
 *                      each client gets its best server, and weights share only among equal scores (servers
 *                      with no measurements, such as a dynamic hostname's). A few milliseconds spread the
 *                      clients of near-equal POPs by weight, at the cost of some of them not getting the best
 * @param loadWeight    milliseconds of score one unit of reported load costs
 * @param aliases       customer hostnames that are CNAMEs of this hostname (they must lie in a served zone)
 */
public record HostnameDnsConfig(
        Duration ttl,
        List<DnsServerConfig> servers,
        Integer answerCount,
        List<DnsStaticMappingConfig> staticMappings,
        DnsPersistenceConfig persistence,
        AllDownFallback fallback,
        Duration rankTolerance,
        Double loadWeight,
        List<String> aliases) implements Validatable {
    public static final Duration DEFAULT_RANK_TOLERANCE = Duration.ZERO;

    public HostnameDnsConfig {
        servers = servers == null ? List.of() : List.copyOf(servers);
        answerCount = answerCount == null ? 1 : answerCount;
        staticMappings = staticMappings == null ? List.of() : List.copyOf(staticMappings);
        persistence = persistence == null ? DnsPersistenceConfig.off() : persistence;
        fallback = fallback == null ? AllDownFallback.ALL : fallback;
        rankTolerance = rankTolerance == null ? DEFAULT_RANK_TOLERANCE : rankTolerance;
        loadWeight = loadWeight == null ? 1.0 : loadWeight;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public static HostnameDnsConfig defaults() {
        return new HostnameDnsConfig(null, null, null, null, null, null, null, null, null);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("ttl"), ttl, t -> !t.isNegative() && t.toSeconds() <= 86400, "must be within 0s..1d");
        errors.each(at.field("servers"), servers);
        errors.check(at.field("answerCount"), answerCount, n -> n >= 1 && n <= 16, "must be within 1..16");
        errors.each(at.field("staticMappings"), staticMappings);
        errors.nested(at.field("persistence"), persistence);
        errors.check(at.field("rankTolerance"), rankTolerance, t -> !t.isNegative(), "must not be negative");
        errors.check(at.field("loadWeight"), loadWeight, w -> w >= 0, "must not be negative");
        for (int i = 0; i < aliases.size(); i++) {
            errors.check(at.field("aliases").index(i), aliases.get(i), Hostnames::isValid, "not a hostname");
        }
        for (int m = 0; m < staticMappings.size(); m++) {
            DnsStaticMappingConfig mapping = staticMappings.get(m);
            if (mapping == null) {
                continue;
            }
            for (int t = 0; t < mapping.to().size(); t++) {
                String target = mapping.to().get(t);
                if (target != null && !servers.isEmpty() && servers.stream().noneMatch(s -> s != null && s.names(target))) {
                    errors.add(at.field("staticMappings").index(m).field("to").index(t),
                            "names no server of this hostname (" + target + ")");
                }
            }
        }
    }

    /** What a hostname is answered with when every server is down. */
    public enum AllDownFallback {
        /** Every non-backup server, regardless of state: some may be up after all, and clients retry. */
        @JsonProperty("all") ALL,
        /** The backups, regardless of state. */
        @JsonProperty("backups") BACKUPS,
        /** No answer: resolvers try elsewhere or report the failure. */
        @JsonProperty("servfail") SERVFAIL
    }
}
