package dev.meridian.gtm.map;

import java.time.Instant;
import java.util.Comparator;

/**
 * One POP's standing for a block: its score (lower wins), the latest and the averaged RTT and loss
 * over the block's measured members, and when it was last measured. For fallback decisions the
 * figures are estimates from geography ({@code estimated} true, {@code lastMeasured} null).
 */
public record PopScore(String pop, double score, double recentRttMs, double averageRttMs, double averageLoss,
                       Instant lastMeasured, boolean emulated, boolean estimated) {

    /** Lowest score first; equal scores by POP id, so every GTM server ranks the same way. */
    public static final Comparator<PopScore> BEST_FIRST =
            Comparator.comparingDouble(PopScore::score).thenComparing(PopScore::pop);

    /** A POP scored by an RTT estimated without measuring (from geography): never measured, not emulated. */
    static PopScore estimated(String pop, double rttMs) {
        return new PopScore(pop, rttMs, rttMs, rttMs, 0, null, false, true);
    }
}
