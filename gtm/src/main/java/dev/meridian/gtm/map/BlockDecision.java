package dev.meridian.gtm.map;

import dev.meridian.core.net.Cidr;

import java.util.List;

/**
 * The POP a block maps to and why, with every POP's standing (best first). {@code pop} is null for a
 * fallback with no preference; {@code members} counts the measured targets behind the decision.
 */
public record BlockDecision(Cidr block, String pop, Reason reason, List<PopScore> scores, int members) {
    public BlockDecision {
        scores = List.copyOf(scores);
    }
}
