package dev.meridian.core.config;

/** One NS record at the zone apex: the server's name and, when it lies inside the zone, its glue address. */
public record DnsNameserverConfig(String name, String address) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("name"), name)) {
            errors.check(at.field("name"), name, Hostnames::isValid, "not a DNS name");
        }
        errors.check(at.field("address"), address, IpAddresses::isLiteral, "not an IPv4 or IPv6 address");
    }
}
