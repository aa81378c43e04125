package dev.meridian.uplink.control;

import dev.meridian.core.config.MeridianConfig;
import java.util.Optional;

/**
 * What a node checks in a proposed config beyond the loader's validation: what only this node can know
 * (its POP is still in it, its listen addresses did not move, its certificate files exist here).
 */
@FunctionalInterface
public interface NodeCheck {
    /** Why this node cannot run {@code candidate}, or empty when it can. */
    Optional<String> refuse(MeridianConfig candidate);
}
