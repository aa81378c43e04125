package dev.meridian.gtm.policy;

import java.util.List;

/**
 * What the chain has narrowed the answer to so far.
 *
 * @param scope   how many leading bits of the client's address the selection depends on (the ECS scope)
 * @param reason  the step that last decided, for logs and counters
 * @param settled a step has made the final choice (a static mapping, a persisted answer); later steps only
 *                trim to the answer count
 */
public record Selection(List<Candidate> candidates, int scope, String reason, boolean settled) {
    public Selection {
        candidates = List.copyOf(candidates);
    }

    public static Selection of(List<Candidate> candidates) {
        return new Selection(candidates, 0, "only", false);
    }

    public Selection narrowed(List<Candidate> to, String why) {
        return new Selection(to, scope, why, settled);
    }

    public Selection settledOn(List<Candidate> to, String why, int dependsOnBits) {
        return new Selection(to, Math.max(scope, dependsOnBits), why, true);
    }

    public Selection dependingOn(int bits) {
        return bits <= scope ? this : new Selection(candidates, bits, reason, settled);
    }

    public boolean isEmpty() {
        return candidates.isEmpty();
    }
}
