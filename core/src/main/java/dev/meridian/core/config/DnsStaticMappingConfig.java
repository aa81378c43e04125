package dev.meridian.core.config;

import java.util.List;

/** Clients in any of {@code cidrs} are answered with the servers named in {@code to} (addresses or POP ids). */
public record DnsStaticMappingConfig(List<String> cidrs, List<String> to) implements Validatable {
    public DnsStaticMappingConfig {
        cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
        to = to == null ? List.of() : List.copyOf(to);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.required(at.field("cidrs"), cidrs);
        for (int i = 0; i < cidrs.size(); i++) {
            errors.check(at.field("cidrs").index(i), cidrs.get(i), IpAddresses::isCidr,
                    "not a CIDR block (example: 10.1.0.0/16)");
        }
        errors.required(at.field("to"), to);
    }
}
