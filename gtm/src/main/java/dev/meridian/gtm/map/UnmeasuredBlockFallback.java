package dev.meridian.gtm.map;

import dev.meridian.core.net.Cidr;
import java.util.List;

/** The decision for a block nobody in it was measured in. */
@FunctionalInterface
public interface UnmeasuredBlockFallback {
    BlockDecision decide(Cidr block);

    /** No preference: the answer policy ranks POPs without distance data. */
    static UnmeasuredBlockFallback none() {
        return block -> new BlockDecision(block, null, Reason.FALLBACK, List.of(), 0);
    }
}
