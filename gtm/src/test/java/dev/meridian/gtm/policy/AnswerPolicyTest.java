package dev.meridian.gtm.policy;

import static dev.meridian.gtm.policy.PolicyFixtures.NOW;
import static dev.meridian.gtm.policy.PolicyFixtures.backup;
import static dev.meridian.gtm.policy.PolicyFixtures.client;
import static dev.meridian.gtm.policy.PolicyFixtures.server;
import static dev.meridian.gtm.policy.PolicyFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.HostnameDnsConfig.AllDownFallback;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.gtm.state.InMemoryNetworkState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps together, in the order a hostname runs them. */
class AnswerPolicyTest {
    private final Candidate a = server("192.0.2.1", 3);
    private final Candidate b = server("192.0.2.2", 1);
    private final Candidate spare = backup("192.0.2.9");
    private final InMemoryNetworkState state = state();

    private AnswerPolicy policy(AllDownFallback fallback) {
        return AnswerPolicy.builder(List.of(a, b, spare))
                .dropUnavailable(new DropUnavailable(state))
                .ranking(new RankByScore(state, LossPenalty.DEFAULT, Duration.ofMillis(10), 1))
                .choice(new WeightedChoice(1, 24, 56))
                .fallback(fallback)
                .ttlSeconds(7)
                .build();
    }

    @Test
    void backupIsHiddenWhileAPrimaryIsUpThenServesThenFallbackApplies() {
        AnswerPolicy p = policy(AllDownFallback.SERVFAIL);
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
        Decision all = policy(AllDownFallback.ALL).decide(client("10.0.0.1/32"));
        assertThat(all.answer()).containsExactly(a, b);
        assertThat(all.reason()).isEqualTo("fallback-all");
        assertThat(all.scope()).isZero();
    }

    @Test
    void aWeightedAnswerDependsOnTheClientsBlockOnly() {
        Decision d = policy(AllDownFallback.ALL).decide(client("10.0.0.0/24"));
        assertThat(d.scope()).isEqualTo(24);
        assertThat(d.reason()).isEqualTo("weighted");
        Decision noClient = policy(AllDownFallback.ALL).decide(new PolicyContext("h.cdn.test", null, NOW));
        assertThat(noClient.scope()).isZero();
    }

    /** Two GTM servers: own state fed the same reports, own persistence table, peers telling each other. */
    @Test
    void twoIndependentChainsGiveEveryClientTheSameAnswerPersistenceIncluded(@org.junit.jupiter.api.io.TempDir
                                                                              java.nio.file.Path dir) throws Exception {
        Candidate sjc = Candidate.edge(IpAddresses.parse("127.0.0.11"), "sjc").withWeight(3);
        Candidate ams = Candidate.edge(IpAddresses.parse("127.0.0.12"), "ams");
        InMemoryNetworkState stateHere = state();
        InMemoryNetworkState stateThere = state();
        PersistenceTable tableHere = PersistenceTable.open(dir.resolve("here.tsv"), 10_000, NOW);
        PersistenceTable tableThere = PersistenceTable.open(dir.resolve("there.tsv"), 10_000, NOW);
        tableHere.onDecided(d -> tableThere.merge(d, NOW));
        tableThere.onDecided(d -> tableHere.merge(d, NOW));
        AnswerPolicy here = chain(List.of(sjc, ams), stateHere, tableHere);
        AnswerPolicy there = chain(List.of(sjc, ams), stateThere, tableThere);
        for (InMemoryNetworkState s : List.of(stateHere, stateThere)) {
            // Blocks of 10.1/16 measure equally (weights decide); 10.2/16 is far nearer to ams.
            s.reportPath(sjc.address(), dev.meridian.core.net.Cidr.parse("10.1.0.0/16"), 30, 0, NOW);
            s.reportPath(ams.address(), dev.meridian.core.net.Cidr.parse("10.1.0.0/16"), 32, 0, NOW);
            s.reportPath(sjc.address(), dev.meridian.core.net.Cidr.parse("10.2.0.0/16"), 150, 0, NOW);
            s.reportPath(ams.address(), dev.meridian.core.net.Cidr.parse("10.2.0.0/16"), 20, 0, NOW);
        }
        java.util.Map<String, java.util.List<Candidate>> first = new java.util.HashMap<>();
        int sjcAnswers = 0;
        for (int i = 0; i < 2_000; i++) {
            String subnet = "10." + (1 + i % 2) + "." + (i / 2 % 256) + ".0/24";
            // Clients alternate between the servers, as resolvers do between NS records.
            AnswerPolicy asked = i % 3 == 0 ? there : here;
            Decision d = asked.decide(client(subnet));
            assertThat((i % 3 == 0 ? here : there).decide(client(subnet)).answer()).as(subnet).isEqualTo(d.answer());
            first.putIfAbsent(subnet, d.answer());
            sjcAnswers += subnet.startsWith("10.1.") && d.answer().get(0).equals(sjc) ? 1 : 0;
        }
        assertThat(first.entrySet()).filteredOn(e -> e.getKey().startsWith("10.2."))
                .allSatisfy(e -> assertThat(e.getValue()).containsExactly(ams));
        assertThat(sjcAnswers / 1_000.0).as("3:1 over the tied blocks").isCloseTo(0.75, org.assertj.core.api.Assertions.within(0.06));

        // ams becomes the better POP for 10.1/16 on both servers: persisted answers hold on both alike.
        for (InMemoryNetworkState s : List.of(stateHere, stateThere)) {
            s.reportPath(ams.address(), dev.meridian.core.net.Cidr.parse("10.1.0.0/16"), 5, 0, NOW);
        }
        first.forEach((subnet, answer) -> {
            assertThat(here.decide(client(subnet)).answer()).as(subnet).isEqualTo(answer);
            assertThat(there.decide(client(subnet)).answer()).as(subnet).isEqualTo(answer);
        });
    }

    private static AnswerPolicy chain(List<Candidate> candidates, InMemoryNetworkState state, PersistenceTable table) {
        return AnswerPolicy.builder(candidates)
                .dropUnavailable(new DropUnavailable(state))
                .persistence(new Persistence(table, "h A", Duration.ofMinutes(10), 24, 56))
                .ranking(new RankByScore(state, LossPenalty.DEFAULT, Duration.ofMillis(10), 1))
                .choice(new WeightedChoice(1, 24, 56))
                .ttlSeconds(20)
                .build();
    }
}
