package dev.meridian.core.config;

import java.util.List;

/**
 * EMULATION, for the demo and the steering tests on one machine: invented RTT and loss between POPs
 * and client blocks (measured by an "emulated" method so the whole pipeline runs), optional outages,
 * and a share of service probes dropped on purpose. Everything it produces is labelled emulated.
 *
 * @param links     RTT and loss from a POP to a client block; a link with {@code after} replaces the
 *                  same POP/block link from that time on (changes over time)
 * @param outages   periods during which nothing from a POP gets through
 * @param probeLoss share of service probes dropped (0..1)
 * @param seed      random seed, so a run can be repeated
 */
public record EmulationConfig(List<EmulatedLinkConfig> links, List<EmulatedOutageConfig> outages, Double probeLoss,
                              Long seed) implements Validatable {
    public EmulationConfig {
        links = links == null ? List.of() : List.copyOf(links);
        outages = outages == null ? List.of() : List.copyOf(outages);
        probeLoss = probeLoss == null ? 0.0 : probeLoss;
        seed = seed == null ? 1L : seed;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.each(at.field("links"), links);
        errors.each(at.field("outages"), outages);
        errors.check(at.field("probeLoss"), probeLoss, l -> l >= 0 && l <= 1, "must be within 0..1");
    }
}
