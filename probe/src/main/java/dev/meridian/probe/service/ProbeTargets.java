package dev.meridian.probe.service;

import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.ProbeServerConfig;
import dev.meridian.core.config.ProbesConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What every vantage point probes, from the config: each POP's edge (its test URL, under the
 * address answers carry, the edge's HTTP address) and each customer server of a dynamic hostname.
 * POPs whose edge address is a name rather than an IP literal are left out: answers carry addresses.
 */
public final class ProbeTargets {
    private ProbeTargets() {}

    public static List<ProbeTarget> fromConfig(MeridianConfig config) {
        ProbesConfig probes = config.dns().probes();
        List<ProbeTarget> targets = new ArrayList<>();
        for (PopConfig pop : config.pops()) {
            String host = pop.edge().http().host();
            if (IpAddresses.isLiteral(host)) {
                String url = probes.edgeUrl().replace("{http}", pop.edge().http().toString())
                        .replace("{admin}", pop.edge().admin().toString());
                targets.add(new ProbeTarget(IpAddresses.parse(host).getHostAddress(), URI.create(url), probes.expect(),
                        probes.timeout(), probes.interval()));
            }
        }
        for (ProbeServerConfig s : probes.servers()) {
            targets.add(new ProbeTarget(IpAddresses.parse(s.address()).getHostAddress(), URI.create(s.url()),
                    s.expect() == null ? probes.expect() : s.expect(), probes.timeout(), probes.interval()));
        }
        return targets;
    }
}
