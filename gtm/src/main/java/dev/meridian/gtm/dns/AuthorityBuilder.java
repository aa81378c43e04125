package dev.meridian.gtm.dns;

import dev.meridian.core.config.DnsConfig;
import dev.meridian.core.config.DnsNameserverConfig;
import dev.meridian.core.config.DnsServerConfig;
import dev.meridian.core.config.DnsStaticMappingConfig;
import dev.meridian.core.config.HostnameDnsConfig;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.policy.AnswerPolicy;
import dev.meridian.gtm.policy.Candidate;
import dev.meridian.gtm.policy.DropUnavailable;
import dev.meridian.gtm.policy.LossPenalty;
import dev.meridian.gtm.policy.Persistence;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.policy.RankByScore;
import dev.meridian.gtm.policy.StaticMapping;
import dev.meridian.gtm.policy.WeightedChoice;
import dev.meridian.gtm.state.NetworkState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/** Turns a validated config into an {@link Authority}: zones, apex records, and a policy chain per hostname. */
final class AuthorityBuilder {
    private static final Logger log = LoggerFactory.getLogger(AuthorityBuilder.class);

    private final NetworkState state;
    private final PersistenceTable persistenceTable;

    AuthorityBuilder(NetworkState state, PersistenceTable persistenceTable) {
        this.state = state;
        this.persistenceTable = persistenceTable;
    }

    Authority build(MeridianConfig config) {
        DnsConfig dns = config.dns();
        Map<Name, NameEntry> names = new HashMap<>();
        List<DnsNameserverConfig> nameservers = nameservers(dns);
        long serial = System.currentTimeMillis() / 1000;
        List<Zone> zones = new ArrayList<>();
        for (String zoneName : dns.allZones()) {
            Name origin = name(zoneName);
            List<NSRecord> ns = new ArrayList<>();
            for (DnsNameserverConfig n : nameservers) {
                ns.add(new NSRecord(origin, DClass.IN, dns.ttl().toSeconds() < 3600 ? 3600 : dns.ttl().toSeconds(), name(n.name())));
            }
            SOARecord soa = new SOARecord(origin, DClass.IN, dns.negativeTtl().toSeconds(), name(nameservers.get(0).name()),
                    name("hostmaster." + zoneName), serial, 3600, 600, 86400, dns.negativeTtl().toSeconds());
            zones.add(new Zone(origin, soa, ns));
        }
        Authority draft = new Authority(zones, Map.of(), Set.of());
        for (DnsNameserverConfig n : nameservers) {
            if (n.address() != null && draft.zoneOf(name(n.name())) != null) {
                names.put(name(n.name()), new NameEntry.Fixed(List.of(IpAddresses.parse(n.address()))));
            }
        }
        for (var customer : config.customers()) {
            for (PropertyConfig property : customer.properties()) {
                Name host = name(property.host());
                if (draft.zoneOf(host) == null) {
                    log.warn("hostname {} lies outside every DNS zone {}; the GTM will not answer for it", property.host(),
                            dns.allZones());
                    continue;
                }
                HostnameDnsConfig hc = property.dns() == null ? HostnameDnsConfig.defaults() : property.dns();
                NameEntry.Host entry = hostEntry(config, property, hc);
                names.put(host, entry);
                for (String alias : hc.aliases()) {
                    Name a = name(alias);
                    if (draft.zoneOf(a) == null) {
                        log.warn("alias {} of {} lies outside every DNS zone; not served", alias, property.host());
                    } else {
                        names.put(a, new NameEntry.Alias(host, entry.ttlSeconds()));
                    }
                }
            }
        }
        return new Authority(zones, names, emptyNonTerminals(draft, names.keySet()));
    }

    private NameEntry.Host hostEntry(MeridianConfig config, PropertyConfig property, HostnameDnsConfig hc) {
        List<Candidate> all = candidates(config, property, hc);
        String hostname = property.host().toLowerCase(java.util.Locale.ROOT);
        long ttl = (hc.ttl() != null ? hc.ttl() : config.dns().ttl()).toSeconds();
        LossPenalty penalty = LossPenalty.of(config.dns().lossPenalty());
        return new NameEntry.Host(hostname, ttl,
                policy(hostname + " A", all.stream().filter(Candidate::isIpv4).toList(), hc, ttl, penalty),
                policy(hostname + " AAAA", all.stream().filter(c -> !c.isIpv4()).toList(), hc, ttl, penalty));
    }

    private AnswerPolicy policy(String key, List<Candidate> candidates, HostnameDnsConfig hc, long ttl,
                                LossPenalty penalty) {
        AnswerPolicy.Builder b = AnswerPolicy.builder(candidates)
                .dropUnavailable(new DropUnavailable(state))
                .ranking(new RankByScore(state, penalty, hc.rankTolerance(), hc.loadWeight()))
                .choice(new WeightedChoice(hc.answerCount(), hc.persistence().prefixV4(), hc.persistence().prefixV6()))
                .fallback(hc.fallback())
                .ttlSeconds(ttl);
        if (!hc.staticMappings().isEmpty()) {
            List<StaticMapping.Mapping> mappings = new ArrayList<>();
            for (DnsStaticMappingConfig m : hc.staticMappings()) {
                mappings.add(new StaticMapping.Mapping(m.cidrs().stream().map(Cidr::parse).toList(), Set.copyOf(m.to())));
            }
            b.staticMapping(new StaticMapping(mappings));
        }
        if (hc.persistence().enabled()) {
            b.persistence(new Persistence(persistenceTable, key, hc.persistence().duration(), hc.persistence().prefixV4(),
                    hc.persistence().prefixV6()));
        }
        return b.build();
    }

    /** The configured servers; a property with origins and no servers is answered with every POP's edge. */
    private List<Candidate> candidates(MeridianConfig config, PropertyConfig property, HostnameDnsConfig hc) {
        List<Candidate> out = new ArrayList<>();
        if (hc.servers().isEmpty() && !property.origins().isEmpty()) {
            for (PopConfig pop : config.pops()) {
                edgeAddress(pop).ifPresent(a -> out.add(Candidate.edge(a, pop.id())));
            }
            return out;
        }
        for (DnsServerConfig s : hc.servers()) {
            if (s.address() != null) {
                out.add(Candidate.configured(IpAddresses.parse(s.address()), s));
            } else {
                Optional<PopConfig> pop = config.pop(s.pop());
                if (pop.isEmpty()) {
                    log.warn("{}: server names unknown POP {}; skipped", property.host(), s.pop());
                    continue;
                }
                edgeAddress(pop.get()).ifPresent(a -> out.add(Candidate.configured(a, s)));
            }
        }
        return out;
    }

    private static Optional<InetAddress> edgeAddress(PopConfig pop) {
        String host = pop.edge().http().host();
        if (!IpAddresses.isLiteral(host)) {
            log.warn("POP {} edge host {} is not an IP address; the GTM cannot answer with it", pop.id(), host);
            return Optional.empty();
        }
        return Optional.of(IpAddresses.parse(host));
    }

    /** Configured nameservers, or one {@code ns1.<zone>} at the listen address. */
    private static List<DnsNameserverConfig> nameservers(DnsConfig dns) {
        if (!dns.nameservers().isEmpty()) {
            return dns.nameservers();
        }
        String host = dns.listen().host();
        return List.of(new DnsNameserverConfig("ns1." + dns.zone(), IpAddresses.isLiteral(host) ? host : null));
    }

    private static Set<Name> emptyNonTerminals(Authority draft, Set<Name> served) {
        Set<Name> ents = new HashSet<>();
        for (Name n : new LinkedHashSet<>(served)) {
            Zone z = draft.zoneOf(n);
            for (int strip = 1; strip < n.labels() - z.origin().labels(); strip++) {
                Name parent = new Name(n, strip);
                if (!served.contains(parent)) {
                    ents.add(parent);
                }
            }
        }
        return ents;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + text, e);
        }
    }
}
