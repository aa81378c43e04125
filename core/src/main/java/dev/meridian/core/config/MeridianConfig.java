package dev.meridian.core.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole network's config: one file for every node. Immutable; a reload builds a new one and
 * swaps it in whole (see {@link ConfigHolder}).
 */
public record MeridianConfig(
        DnsConfig dns,
        ImagingConfig images,
        List<PopConfig> pops,
        List<String> operatorTokens,
        List<CustomerConfig> customers,
        ConsoleConfig console) implements Validatable {

    public MeridianConfig {
        pops = pops == null ? List.of() : List.copyOf(pops);
        operatorTokens = operatorTokens == null ? List.of() : List.copyOf(operatorTokens);
        customers = customers == null ? List.of() : List.copyOf(customers);
        images = images == null ? ImagingConfig.defaults() : images;
    }

    /** The network's console, if it has one (without, every node runs from its own file alone). */
    public Optional<ConsoleConfig> consoleConfig() {
        return Optional.ofNullable(console);
    }

    public Optional<PopConfig> pop(String id) {
        return pops.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The property serving a hostname (case-insensitive, as DNS names are). */
    public Optional<PropertyConfig> property(String host) {
        String wanted = host.toLowerCase(Locale.ROOT);
        return customers.stream().flatMap(c -> c.properties().stream())
                .filter(p -> p.host().equalsIgnoreCase(wanted)).findFirst();
    }

    public Optional<CustomerConfig> customerOf(PropertyConfig property) {
        return customers.stream().filter(c -> c.properties().contains(property)).findFirst();
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.nested(at.field("dns"), dns);
        errors.nested(at.field("images"), images);
        errors.required(at.field("pops"), pops.isEmpty() ? null : pops);
        errors.each(at.field("pops"), pops);
        errors.each(at.field("customers"), customers);
        errors.nested(at.field("console"), console);
        for (int i = 0; i < operatorTokens.size(); i++) {
            errors.check(at.field("operatorTokens").index(i), operatorTokens.get(i), t -> t.length() >= 16,
                    "too short: tokens need at least 16 characters");
        }
        checkAcrossSections(at, errors);
    }

    /** The latency map's pinned blocks must name configured POPs. */
    private void checkFallbackPins(ConfigPath at, Set<String> popIds, ConfigErrors errors) {
        if (dns == null || dns.probes() == null) {
            return;
        }
        List<MapFallbackConfig.BlockPinConfig> pins = dns.probes().latency().fallback().pins();
        for (int i = 0; i < pins.size(); i++) {
            String pop = pins.get(i) == null ? null : pins.get(i).pop();
            if (pop != null && !popIds.contains(pop)) {
                errors.add(at.field("dns").field("probes").field("latency").field("fallback").field("pins").index(i)
                        .field("pop"), "no POP " + pop + " is configured");
            }
        }
    }

    /** Checks that need more than one section: unique ids and hosts, class names the ladder knows. */
    private void checkAcrossSections(ConfigPath at, ConfigErrors errors) {
        Set<String> popIds = new HashSet<>();
        for (int i = 0; i < pops.size(); i++) {
            if (pops.get(i) != null && pops.get(i).id() != null && !popIds.add(pops.get(i).id())) {
                errors.add(at.field("pops").index(i).field("id"), "duplicate POP id " + pops.get(i).id());
            }
        }
        checkFallbackPins(at, popIds, errors);
        checkConsoleNodes(at, popIds, errors);
        if (dns != null && dns.probes() != null && popIds.contains(dns.probes().vantage())) {
            // Every POP's edge probes under its id: the GTM's own votes would be counted as that POP's.
            errors.add(at.field("dns").field("probes").field("vantage"),
                    "names POP " + dns.probes().vantage() + "; the GTM's probes need a vantage name of their own");
        }
        Set<String> customerIds = new HashSet<>();
        Map<String, String> hosts = new HashMap<>();
        Map<String, OriginUse> origins = new HashMap<>();
        for (int c = 0; c < customers.size(); c++) {
            CustomerConfig customer = customers.get(c);
            if (customer == null) {
                continue;
            }
            if (customer.id() != null && !customerIds.add(customer.id())) {
                errors.add(at.field("customers").index(c).field("id"), "duplicate customer id " + customer.id());
            }
            for (int p = 0; p < customer.properties().size(); p++) {
                PropertyConfig property = customer.properties().get(p);
                if (property == null || property.host() == null) {
                    continue;
                }
                ConfigPath propertyPath = at.field("customers").index(c).field("properties").index(p);
                if (property.images() != null) {
                    images.validateClassNames(propertyPath.field("images"), property.images(), errors);
                }
                ConfigPath hostPath = propertyPath.field("host");
                String previous = hosts.putIfAbsent(property.host().toLowerCase(Locale.ROOT), hostPath.toString());
                if (previous != null) {
                    errors.add(hostPath, "host " + property.host() + " is already defined at " + previous);
                }
                validateOriginUses(customer, property, propertyPath, origins, errors);
            }
        }
    }

    /** An edge reports under its POP's id, so an edge node must name a configured POP. */
    private void checkConsoleNodes(ConfigPath at, Set<String> popIds, ConfigErrors errors) {
        if (console == null) {
            return;
        }
        for (int i = 0; i < console.nodes().size(); i++) {
            ConsoleNodeConfig node = console.nodes().get(i);
            if (node != null && node.role() == ConsoleNodeConfig.NodeRole.EDGE && node.id() != null
                    && !popIds.contains(node.id())) {
                errors.add(at.field("console").field("nodes").index(i).field("id"),
                        "no POP " + node.id() + " is configured (an edge node's id is its POP's)");
            }
        }
    }

    /** Where an origin host is first used: by which customer, with which URL. */
    private record OriginUse(String customerId, String url, String at) {
    }

    /**
     * Cached objects are keyed by origin host (so both URL forms a client may use share one entry, and a
     * host purge is one key range): two customers, or two origin URLs, under one origin host would read
     * and purge each other's objects.
     */
    private static void validateOriginUses(CustomerConfig customer, PropertyConfig property, ConfigPath propertyPath,
                                           Map<String, OriginUse> origins, ConfigErrors errors) {
        for (int o = 0; o < property.origins().size(); o++) {
            OriginConfig origin = property.origins().get(o);
            if (origin == null || origin.host() == null || origin.servers().isEmpty()) {
                continue;
            }
            ConfigPath here = propertyPath.field("origins").index(o).field("host");
            OriginUse use = new OriginUse(customer.id(), String.join(", ", origin.serverUrls()), here.toString());
            OriginUse first = origins.putIfAbsent(origin.host().toLowerCase(Locale.ROOT), use);
            if (first == null) {
                continue;
            }
            if (!Objects.equals(first.customerId(), customer.id())) {
                errors.add(here, "origin host " + origin.host() + " is already customer " + first.customerId() + "'s (at "
                        + first.at() + "): the cache keys objects by origin host, so customers cannot share one");
            } else if (!first.url().equals(use.url())) {
                errors.add(here, "origin host " + origin.host() + " is already used with url " + first.url() + " (at "
                        + first.at() + "): the cache keys objects by origin host, so one host needs one url");
            }
        }
    }
}
