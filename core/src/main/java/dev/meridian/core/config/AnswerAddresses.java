package dev.meridian.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses the GTM may answer a property's hostname with, as the config declares them: the
 * hostname's own servers when it lists some (customer servers or chosen POPs), else every POP's edge
 * for a property served through the CDN. The GTM answers from this; the console shows it.
 */
public final class AnswerAddresses {
    private AnswerAddresses() {
    }

    /**
     * One address a hostname may be answered with.
     *
     * @param pop     the POP whose edge this is, or null for a customer's own server
     * @param address an IP address literal
     */
    public record Target(String pop, String address) {
    }

    /** In config order; servers whose address is not an IP literal are left out (the GTM cannot answer with them). */
    public static List<Target> of(MeridianConfig config, PropertyConfig property) {
        List<Target> out = new ArrayList<>();
        if (property.dns() != null && !property.dns().servers().isEmpty()) {
            for (DnsServerConfig server : property.dns().servers()) {
                if (server.address() != null) {
                    out.add(new Target(null, server.address()));
                } else {
                    config.pop(server.pop()).ifPresent(pop -> out.add(new Target(pop.id(), pop.edge().http().host())));
                }
            }
        } else if (!property.origins().isEmpty()) {
            config.pops().forEach(pop -> out.add(new Target(pop.id(), pop.edge().http().host())));
        }
        out.removeIf(t -> !IpAddresses.isLiteral(t.address()));
        return out;
    }
}
