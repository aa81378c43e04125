package dev.meridian.gtm.policy;

import dev.meridian.gtm.state.Health;
import dev.meridian.gtm.state.NetworkState;
import java.util.ArrayList;
import java.util.List;

/** Step 1: addresses that are down, or whose health is stale, are out. Unknown health trusts the config. */
public final class DropUnavailable implements PolicyStep {
    private final NetworkState state;

    public DropUnavailable(NetworkState state) {
        this.state = state;
    }

    @Override
    public Selection apply(Selection in, PolicyContext context) {
        // Built only when something is dropped: usually every address is up and the selection stands as it is.
        List<Candidate> available = null;
        List<Candidate> candidates = in.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (!isAvailable(c, context)) {
                if (available == null) {
                    available = new ArrayList<>(candidates.subList(0, i));
                }
            } else if (available != null) {
                available.add(c);
            }
        }
        return available == null ? in : in.narrowed(available, in.reason());
    }

    private boolean isAvailable(Candidate c, PolicyContext context) {
        Health.Status status = state.health(c.address(), context.now()).status();
        return status == Health.Status.UP || (status == Health.Status.UNKNOWN && !c.configuredDown());
    }
}
