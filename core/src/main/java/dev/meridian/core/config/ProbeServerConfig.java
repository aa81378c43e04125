package dev.meridian.core.config;

/** A customer server the GTM probes: its answer address, test URL and expected content. */
public record ProbeServerConfig(String address, String url, String expect) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("address"), address)) {
            errors.check(at.field("address"), address, IpAddresses::isLiteral, "not an IPv4 or IPv6 address");
        }
        if (errors.required(at.field("url"), url)) {
            errors.check(at.field("url"), url, u -> u.startsWith("http://") || u.startsWith("https://"),
                    "must be an http:// or https:// URL");
        }
    }
}
