package dev.meridian.gtm.policy;

import static dev.meridian.gtm.policy.PolicyFixtures.NOW;
import static dev.meridian.gtm.policy.PolicyFixtures.backup;
import static dev.meridian.gtm.policy.PolicyFixtures.client;
import static dev.meridian.gtm.policy.PolicyFixtures.server;
import static dev.meridian.gtm.policy.PolicyFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gtm.state.InMemoryNetworkState;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The steps together, in the order a hostname runs them. */
class AnswerPolicyTest {
    private final Candidate a = server("192.0.2.1", 3);
    private final Candidate b = server("192.0.2.2", 1);
    private final Candidate spare = backup("192.0.2.9");
    private final InMemoryNetworkState state = state();

    private AnswerPolicy policy(Fallback fallback) {
        return AnswerPolicy.builder(List.of(a, b, spare))
                .dropUnavailable(new DropUnavailable(state))
                .ranking(new RankByScore(state, LossPenalty.DEFAULT, Duration.ofMillis(10), 1))
                .choice(new WeightedChoice(1, new SplittableRandom(3)))
                .fallback(fallback)
                .ttlSeconds(7)
                .build();
    }

    @Test
    void backupIsHiddenWhileAPrimaryIsUpThenServesThenFallbackApplies() {
        AnswerPolicy p = policy(Fallback.SERVFAIL);
        for (int i = 0; i < 100; i++) {
            assertThat(p.decide(client("10.0.0.1/32")).answer()).doesNotContain(spare);
        }
        state.overrideHealth(a.address(), false, NOW);
        state.overrideHealth(b.address(), false, NOW);
        Decision backupOnly = p.decide(client("10.0.0.1/32"));
        assertThat(backupOnly.answer()).containsExactly(spare);
        assertThat(backupOnly.reason()).isEqualTo("backup");
        assertThat(backupOnly.ttlSeconds()).isEqualTo(7);

        state.overrideHealth(spare.address(), false, NOW);
        assertThat(p.decide(client("10.0.0.1/32")).isServfail()).isTrue();
        Decision all = policy(Fallback.ALL).decide(client("10.0.0.1/32"));
        assertThat(all.answer()).containsExactly(a, b);
        assertThat(all.reason()).isEqualTo("fallback-all");
        assertThat(all.scope()).isZero();
    }

    @Test
    void aClientIndependentAnswerHasScopeZero() {
        Decision d = policy(Fallback.ALL).decide(client("10.0.0.0/24"));
        assertThat(d.scope()).isZero();
        assertThat(d.reason()).isEqualTo("weighted");
    }
}
