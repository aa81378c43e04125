package dev.meridian.gtm.policy;

import java.util.List;

/**
 * The chain's verdict for one query: the addresses to answer with (empty means SERVFAIL), the ECS scope
 * (client bits the answer depended on), the TTL, and the reason for logs and counters.
 */
public record Decision(List<Candidate> answer, int scope, long ttlSeconds, String reason) {
    public boolean isServfail() {
        return answer.isEmpty();
    }
}
