package dev.meridian.gtm.policy;

import dev.meridian.gtm.state.Health;
import dev.meridian.gtm.state.NetworkState;

/** Step 1: addresses that are down, or whose health is stale, are out. Unknown health trusts the config. */
public final class DropUnavailable implements PolicyStep {
    private final NetworkState state;

    public DropUnavailable(NetworkState state) {
        this.state = state;
    }

    @Override
    public Selection apply(Selection in, PolicyContext context) {
        return in.narrowed(in.candidates().stream().filter(c -> isAvailable(c, context)).toList(), in.reason());
    }

    private boolean isAvailable(Candidate c, PolicyContext context) {
        Health.Status status = state.health(c.address(), context.now()).status();
        return status == Health.Status.UP || status == Health.Status.UNKNOWN && !c.configuredDown();
    }
}
