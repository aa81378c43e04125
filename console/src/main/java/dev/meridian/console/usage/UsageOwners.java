package dev.meridian.console.usage;

import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PropertyConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whose usage a row is: the customer of a property's host, or of a DNS hostname (a property's host or
 * one of its aliases), in one config. Built once per config, so a batch of 100,000 rows costs a hash
 * lookup per row rather than a walk over every customer's properties.
 */
public final class UsageOwners {
    private final Map<String, String> customerByProperty;
    private final Map<String, String> customerByDnsName;

    private UsageOwners(Map<String, String> customerByProperty, Map<String, String> customerByDnsName) {
        this.customerByProperty = customerByProperty;
        this.customerByDnsName = customerByDnsName;
    }

    public static UsageOwners of(MeridianConfig config) {
        Map<String, String> properties = new HashMap<>();
        Map<String, String> dnsNames = new HashMap<>();
        for (CustomerConfig customer : config.customers()) {
            for (PropertyConfig property : customer.properties()) {
                String host = property.host().toLowerCase(Locale.ROOT);
                properties.put(host, customer.id());
                dnsNames.put(host, customer.id());
                if (property.dns() != null) {
                    property.dns().aliases().forEach(a -> dnsNames.put(a.toLowerCase(Locale.ROOT), customer.id()));
                }
            }
        }
        return new UsageOwners(Map.copyOf(properties), Map.copyOf(dnsNames));
    }

    /** The customer whose property this host is (case-insensitive). */
    public Optional<String> ofProperty(String host) {
        return Optional.ofNullable(customerByProperty.get(host.toLowerCase(Locale.ROOT)));
    }

    /** The customer a GTM answered this name for: a property's host or one of its aliases. */
    public Optional<String> ofDnsName(String hostname) {
        return Optional.ofNullable(customerByDnsName.get(hostname.toLowerCase(Locale.ROOT)));
    }
}
