package dev.meridian.gtm.policy;

import static dev.meridian.gtm.policy.PolicyFixtures.NOW;
import static dev.meridian.gtm.policy.PolicyFixtures.anyone;
import static dev.meridian.gtm.policy.PolicyFixtures.backup;
import static dev.meridian.gtm.policy.PolicyFixtures.client;
import static dev.meridian.gtm.policy.PolicyFixtures.pop;
import static dev.meridian.gtm.policy.PolicyFixtures.server;
import static dev.meridian.gtm.policy.PolicyFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meridian.core.config.HostnameDnsConfig.AllDownFallback;
import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.state.InMemoryNetworkState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each step of the answer chain on its own. */
class PolicyStepsTest {
    private final Candidate a = server("192.0.2.1");
    private final Candidate b = server("192.0.2.2");
    private final Candidate c = server("192.0.2.3");

    @Test
    void dropUnavailableRemovesDownAndStaleAndTrustsConfigWhenNothingIsKnown() {
        InMemoryNetworkState state = state();
        Candidate declaredDown = c.declaredDown();
        state.reportHealth(a.address(), false, "probe", NOW);
        state.reportHealth(b.address(), true, "probe", NOW.minusSeconds(31));
        DropUnavailable step = new DropUnavailable(state);

        assertThat(step.apply(Selection.of(List.of(a, b, declaredDown, server("192.0.2.4"))), anyone()).candidates())
                .extracting(Candidate::label).containsExactly("192.0.2.4");

        state.reportHealth(b.address(), true, "probe", NOW.minusSeconds(5));
        state.overrideHealth(c.address(), true, NOW);
        assertThat(step.apply(Selection.of(List.of(a, b, declaredDown)), anyone()).candidates())
                .containsExactly(b, declaredDown);
    }

    @Test
    void operatorMarkWinsOverProbes() {
        InMemoryNetworkState state = state();
        state.reportHealth(a.address(), true, "probe", NOW);
        state.overrideHealth(a.address(), false, NOW);
        assertThat(new DropUnavailable(state).apply(Selection.of(List.of(a)), anyone()).isEmpty()).isTrue();
        state.overrideHealth(a.address(), null, NOW);
        assertThat(new DropUnavailable(state).apply(Selection.of(List.of(a)), anyone()).candidates()).containsExactly(a);
    }

    @Test
    void hiddenBackupsOnlyWhenNoPrimaryIsLeft() {
        Candidate spare = backup("192.0.2.9");
        HiddenBackups step = new HiddenBackups();
        assertThat(step.apply(Selection.of(List.of(a, spare)), anyone()).candidates()).containsExactly(a);
        Selection onlyBackup = step.apply(Selection.of(List.of(spare)), anyone());
        assertThat(onlyBackup.candidates()).containsExactly(spare);
        assertThat(onlyBackup.reason()).isEqualTo("backup");
    }

    @Test
    void staticMappingPinsClientBlocksAndReportsTheBitsItUsed() {
        Candidate sjc = pop("sjc", "127.0.0.11");
        Candidate iad = pop("iad", "127.0.0.12");
        StaticMapping step = new StaticMapping(List.of(
                new StaticMapping.Mapping(List.of(Cidr.parse("10.1.0.0/16")), Set.of("sjc")),
                new StaticMapping.Mapping(List.of(Cidr.parse("10.2.0.0/16"), Cidr.parse("172.16.0.0/12")), Set.of("iad"))));
        Selection all = Selection.of(List.of(sjc, iad));

        Selection pinned = step.apply(all, client("10.1.7.0/24"));
        assertThat(pinned.candidates()).containsExactly(sjc);
        assertThat(pinned.settled()).isTrue();
        assertThat(pinned.scope()).isEqualTo(16);
        assertThat(step.apply(all, client("172.20.1.0/24")).candidates()).containsExactly(iad);
        assertThat(step.apply(all, client("172.20.1.0/24")).scope()).isEqualTo(12);

        Selection unmatched = step.apply(all, client("8.8.8.0/24"));
        assertThat(unmatched.candidates()).containsExactly(sjc, iad);
        assertThat(unmatched.settled()).isFalse();
        assertThat(unmatched.scope()).isPositive();

        // The pinned server is down (not in the selection): the mapping is skipped, not an empty answer.
        assertThat(step.apply(Selection.of(List.of(iad)), client("10.1.7.0/24")).candidates()).containsExactly(iad);
        // No client information: nothing to map.
        assertThat(step.apply(all, anyone())).isEqualTo(all);
    }

    @Test
    void persistenceKeepsAClientBlockOnItsAnswerUntilItExpiresOrGoesDown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        PersistenceTable table = PersistenceTable.open(dir.resolve("t.tsv"), 100, NOW);
        Persistence step = new Persistence(table, "h A", Duration.ofMinutes(5), 24, 56);
        Selection all = Selection.of(List.of(a, b));

        assertThat(step.apply(all, client("10.9.8.0/24")).settled()).isFalse();
        Selection remembered = step.remember(all.narrowed(List.of(b), "weighted"), client("10.9.8.77/32"));
        assertThat(remembered.scope()).isEqualTo(24);

        Selection again = step.apply(all, client("10.9.8.200/32"));
        assertThat(again.candidates()).containsExactly(b);
        assertThat(again.reason()).isEqualTo("persistent");
        assertThat(step.apply(all, client("10.9.9.1/32")).settled()).as("another /24").isFalse();
        assertThat(step.apply(Selection.of(List.of(a)), client("10.9.8.1/32")).settled()).as("b is down").isFalse();

        PolicyContext later = new PolicyContext("h.cdn.test", client("10.9.8.1/32").client(), NOW.plusSeconds(301));
        assertThat(step.apply(all, later).settled()).as("expired").isFalse();
    }

    @Test
    void persistenceTableSurvivesReopening(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("state").resolve("t.tsv");
        PersistenceTable table = PersistenceTable.open(file, 100, NOW);
        table.put("h A", Cidr.parse("10.9.8.0/24"), List.of(b.address()), NOW.plusSeconds(60), NOW);
        table.put("h A", Cidr.parse("10.9.7.0/24"), List.of(a.address()), NOW.plusSeconds(1), NOW);
        table.saveIfChanged(NOW);
        java.nio.file.Files.writeString(file, "garbage line\n", java.nio.file.StandardOpenOption.APPEND);

        PersistenceTable reopened = PersistenceTable.open(file, 100, NOW.plusSeconds(2));
        assertThat(reopened.get("h A", Cidr.parse("10.9.8.0/24"), NOW.plusSeconds(2)))
                .hasValueSatisfying(e -> assertThat(e.answer()).containsExactly(b.address()));
        assertThat(reopened.size()).as("the expired entry and the garbage line are dropped").isEqualTo(1);
    }

    @Test
    void peersConvergeOnTheFirstAnswerUnlessAFreshDecisionReplacedIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        PersistenceTable here = PersistenceTable.open(dir.resolve("here.tsv"), 100, NOW);
        PersistenceTable there = PersistenceTable.open(dir.resolve("there.tsv"), 100, NOW);
        List<PersistenceTable.Decided> toldThere = new java.util.ArrayList<>();
        List<PersistenceTable.Decided> toldHere = new java.util.ArrayList<>();
        here.onDecided(toldThere::add);
        there.onDecided(toldHere::add);
        Cidr block = Cidr.parse("10.9.8.0/24");

        // Both decide before hearing of the other: the earlier answer stays, on both sides.
        here.put("h A", block, List.of(a.address()), NOW.plusSeconds(300), NOW);
        there.put("h A", block, List.of(b.address()), NOW.plusSeconds(301), NOW.plusSeconds(1));
        assertThat(here.merge(toldHere.get(0), NOW.plusSeconds(1))).as("here keeps a and says so")
                .hasValueSatisfying(d -> assertThat(d.answer()).containsExactly(a.address()));
        assertThat(there.merge(toldThere.get(0), NOW.plusSeconds(1))).isEmpty();
        for (PersistenceTable t : List.of(here, there)) {
            assertThat(t.get("h A", block, NOW.plusSeconds(2))).hasValueSatisfying(e -> {
                assertThat(e.answer()).containsExactly(a.address());
                assertThat(e.decidedAt()).isEqualTo(NOW);
            });
        }
        assertThat(there.merge(toldThere.get(0), NOW.plusSeconds(2))).as("the same news twice changes nothing").isEmpty();

        // a went away: there decides afresh, knowing a's entry, and that replaces it everywhere.
        there.put("h A", block, List.of(c.address()), NOW.plusSeconds(400), NOW.plusSeconds(5));
        assertThat(toldHere.get(1).replaces()).isEqualTo(NOW);
        assertThat(here.merge(toldHere.get(1), NOW.plusSeconds(5))).isEmpty();
        assertThat(here.get("h A", block, NOW.plusSeconds(6))).hasValueSatisfying(e -> assertThat(e.answer())
                .containsExactly(c.address()));
        assertThat(there.merge(toldThere.get(0), NOW.plusSeconds(6))).as("old news does not undo it")
                .hasValueSatisfying(d -> assertThat(d.answer()).containsExactly(c.address()));

        assertThat(there.merge(new PersistenceTable.Decided("h A", Cidr.parse("10.9.9.0/24"), List.of(a.address()),
                NOW, java.time.Instant.EPOCH, NOW.plusSeconds(5)), NOW.plusSeconds(6))).isEmpty();
        assertThat(there.get("h A", Cidr.parse("10.9.9.0/24"), NOW.plusSeconds(6))).as("expired news is ignored").isEmpty();
        assertThat(toldHere).as("merged entries are not announced again").hasSize(2);

        there.saveIfChanged(NOW.plusSeconds(6));
        assertThat(PersistenceTable.open(dir.resolve("there.tsv"), 100, NOW.plusSeconds(7)).get("h A", block, NOW.plusSeconds(7)))
                .as("decision times survive a restart").hasValueSatisfying(e -> {
                    assertThat(e.decidedAt()).isEqualTo(NOW.plusSeconds(5));
                    assertThat(e.replaces()).isEqualTo(NOW);
                });
    }

    @Test
    void persistedAnswersCrossTheWireIntactAndBadOnesAreRefused() {
        PersistenceTable.Decided d = new PersistenceTable.Decided("h A", Cidr.parse("10.9.8.0/24"),
                List.of(a.address(), b.address()), NOW, NOW.minusSeconds(60), NOW.plusSeconds(600));
        assertThat(PersistenceJson.read(PersistenceJson.write(List.of(d)))).containsExactly(d);
        for (String bad : List.of("{}", "[{\"hostname\":\"h A\",\"block\":\"nope\",\"answer\":[\"192.0.2.1\"],"
                + "\"decidedAt\":1,\"replaces\":0,\"expiresAt\":2}]", "[{\"hostname\":\"h A\",\"block\":\"10.0.0.0/8\","
                + "\"answer\":[],\"decidedAt\":1,\"replaces\":0,\"expiresAt\":2}]", "not json")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PersistenceJson.read(
                    bad.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void persistenceTableIsBounded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        PersistenceTable table = PersistenceTable.open(dir.resolve("t.tsv"), 2, NOW);
        for (int i = 0; i < 5; i++) {
            table.put("h A", Cidr.parse("10.0." + i + ".0/24"), List.of(a.address()), NOW.plusSeconds(60), NOW);
        }
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void scoreIsLatencyPlusPenaltyTimesTheLargerOf100msAndLatency() {
        LossPenalty p = LossPenalty.DEFAULT;
        assertThat(p.score(20, 0)).isEqualTo(20);
        assertThat(p.score(20, 0.05)).isCloseTo(20 + 100 * 1.0, within(1e-9));
        assertThat(p.score(300, 0.05)).isCloseTo(300 + 300 * 1.0, within(1e-9));
        assertThat(p.of(0.075)).as("interpolated between 5% and 10%").isCloseTo(2.0, within(1e-9));
        assertThat(p.of(1.0)).isEqualTo(100);
    }

    @Test
    void theLossPenaltyIsContinuousMonotoneAndConfigurable() {
        LossPenalty p = LossPenalty.DEFAULT;
        double previous = -1;
        for (int i = 0; i <= 1000; i++) {
            double penalty = p.of(i / 1000.0);
            assertThat(penalty).as("loss %d/1000", i).isGreaterThanOrEqualTo(previous);
            if (i > 0) {
                assertThat(penalty - previous).as("no step at %d/1000", i).isLessThan(0.3);
            }
            previous = penalty;
        }
        LossPenalty configured = LossPenalty.of(List.of(new dev.meridian.core.config.LossPenaltyPointConfig(0.0, 0.0),
                new dev.meridian.core.config.LossPenaltyPointConfig(0.1, 2.0)));
        assertThat(configured.of(0.05)).isCloseTo(1.0, within(1e-9));
        assertThat(configured.of(0.5)).as("flat past the last point").isEqualTo(2.0);
        assertThat(configured.score(50, 0.05)).isCloseTo(50 + 100 * 1.0, within(1e-9));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LossPenalty(new double[] {0, 0.1, 0.2},
                new double[] {0, 2, 1})).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LossPenalty(new double[] {0, 0.2, 0.1},
                new double[] {0, 1, 2})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rankingPrefersTheBestScoreAndDependsOnTheMeasuredBlock() {
        InMemoryNetworkState state = state();
        Candidate sjc = pop("sjc", "127.0.0.11");
        Candidate iad = pop("iad", "127.0.0.12");
        Candidate fra = pop("fra", "127.0.0.13");
        state.reportPath(sjc.address(), Cidr.parse("10.1.0.0/20"), 80, 0, NOW);
        state.reportPath(iad.address(), Cidr.parse("10.1.0.0/20"), 20, 0.10, NOW);
        state.reportPath(fra.address(), Cidr.parse("10.1.0.0/20"), 150, 0, NOW);
        RankByScore rank = new RankByScore(state, LossPenalty.DEFAULT, Duration.ofMillis(10), 1.0);

        // iad is nearest but loses 10%: 20 + 100 * 3 = 320 > sjc's 80.
        Selection ranked = rank.apply(Selection.of(List.of(sjc, iad, fra)), client("10.1.2.0/24"));
        assertThat(ranked.candidates()).containsExactly(sjc);
        assertThat(ranked.scope()).isEqualTo(20);
        assertThat(ranked.reason()).isEqualTo("ranked");

        // Load and configured cost move the choice: sjc at load 100 scores 180, fra stays at 150.
        state.reportLoad(sjc.address(), 100, NOW);
        assertThat(rank.apply(Selection.of(List.of(sjc, fra)), client("10.1.2.0/24")).candidates()).containsExactly(fra);
        Candidate costlyFra = Candidate.edge(fra.address(), "fra").withCost(500);
        assertThat(rank.apply(Selection.of(List.of(sjc, costlyFra)), client("10.1.2.0/24")).candidates()).containsExactly(sjc);

        // Nothing measured for this client: all tie, nothing depends on the client.
        Selection unmeasured = new RankByScore(state(), LossPenalty.DEFAULT, Duration.ofMillis(10), 1.0)
                .apply(Selection.of(List.of(sjc, iad)), client("192.168.1.0/24"));
        assertThat(unmeasured.candidates()).containsExactly(sjc, iad);
        assertThat(unmeasured.scope()).isZero();
    }

    @Test
    void weightsShareClientBlocksInProportion() {
        WeightedChoice choice = new WeightedChoice(1, 24, 56);
        Candidate three = server("192.0.2.1", 3);
        Candidate one = server("192.0.2.2", 1);
        Map<Candidate, Integer> counts = new HashMap<>();
        for (int i = 0; i < 40_000; i++) {
            PolicyContext someone = client("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".0/24");
            counts.merge(choice.apply(Selection.of(List.of(three, one)), someone).candidates().get(0), 1, Integer::sum);
        }
        assertThat((double) counts.get(three) / counts.get(one)).isCloseTo(3.0, within(0.15));

        Selection two = new WeightedChoice(2, 24, 56).apply(Selection.of(List.of(three, one, c)), client("10.1.2.0/24"));
        assertThat(two.candidates()).hasSize(2).doesNotHaveDuplicates();
        Candidate zero = server("192.0.2.5", 0);
        for (int i = 0; i < 200; i++) {
            assertThat(choice.apply(Selection.of(List.of(zero, one)), client("10.7." + i + ".0/24")).candidates())
                    .containsExactly(one);
        }
    }

    @Test
    void aChoiceIsAFunctionOfHostnameClientBlockAndServersSoEveryGtmServerMakesTheSameOne() {
        WeightedChoice here = new WeightedChoice(2, 24, 56);
        WeightedChoice there = new WeightedChoice(2, 24, 56);
        List<Candidate> pool = List.of(server("192.0.2.1", 3), server("192.0.2.2", 1), server("192.0.2.3", 2));
        java.util.Set<List<Candidate>> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            PolicyContext asked = client("10.2." + (i & 0xff) + "." + (i >> 8) + "/32");
            PolicyContext sameBlock = client("10.2." + (i & 0xff) + ".200/32");
            Selection mine = here.apply(Selection.of(pool), asked);
            assertThat(there.apply(Selection.of(pool), asked)).isEqualTo(mine);
            assertThat(there.apply(Selection.of(pool), sameBlock).candidates()).as("same /24, same answer")
                    .isEqualTo(mine.candidates());
            assertThat(mine.scope()).as("the answer depends on the client's /24").isEqualTo(24);
            seen.add(mine.candidates());
        }
        assertThat(seen).as("every ordered pair turns up").hasSize(6);

        PolicyContext other = new PolicyContext("other.cdn.test", client("10.2.0.0/24").client(), NOW);
        long differ = java.util.stream.IntStream.range(0, 256)
                .filter(i -> !here.apply(Selection.of(pool), client("10.3." + i + ".0/24")).equals(
                        here.apply(Selection.of(pool), new PolicyContext("other.cdn.test",
                                client("10.3." + i + ".0/24").client(), NOW))))
                .count();
        assertThat(differ).as("hostnames are spread independently").isGreaterThan(50);
        assertThat(here.apply(Selection.of(pool), other).scope()).isEqualTo(24);
        assertThat(here.apply(Selection.of(pool), client("10.4.0.0/16")).scope()).as("fewer bits disclosed").isEqualTo(16);
    }

    @Test
    void aServerLeavingMovesOnlyItsOwnClients() {
        WeightedChoice choice = new WeightedChoice(1, 24, 56);
        Candidate x = server("192.0.2.1");
        Candidate y = server("192.0.2.2");
        Candidate z = server("192.0.2.3");
        for (int i = 0; i < 1_000; i++) {
            PolicyContext someone = client("10.5." + (i & 0xff) + "." + (i >> 8) + "/24");
            Candidate before = choice.apply(Selection.of(List.of(x, y, z)), someone).candidates().get(0);
            Candidate after = choice.apply(Selection.of(List.of(x, y)), someone).candidates().get(0);
            if (!before.equals(z)) {
                assertThat(after).isEqualTo(before);
            }
        }
    }

    @Test
    void clientIndependentQueriesShareByWeightOverTimeAndAgreeBetweenServers() {
        WeightedChoice here = new WeightedChoice(1, 24, 56);
        WeightedChoice there = new WeightedChoice(1, 24, 56);
        Candidate three = server("192.0.2.1", 3);
        Candidate one = server("192.0.2.2", 1);
        int threes = 0;
        for (int minute = 0; minute < 4_000; minute++) {
            PolicyContext at = new PolicyContext("h.cdn.test", null, NOW.plusSeconds(60L * minute));
            Selection s = here.apply(Selection.of(List.of(three, one)), at);
            assertThat(there.apply(Selection.of(List.of(three, one)), at)).isEqualTo(s);
            assertThat(s.scope()).isZero();
            threes += s.candidates().get(0).equals(three) ? 1 : 0;
        }
        assertThat(threes / 4_000.0).isCloseTo(0.75, within(0.03));
    }

    @Test
    void fallbackAnswersAllPrimariesOrBackupsOrNothing() {
        Candidate spare = backup("192.0.2.9");
        List<Candidate> configured = List.of(a, b, spare);
        assertThat(AnswerPolicy.allDown(AllDownFallback.ALL, configured)).containsExactly(a, b);
        assertThat(AnswerPolicy.allDown(AllDownFallback.BACKUPS, configured)).containsExactly(spare);
        assertThat(AnswerPolicy.allDown(AllDownFallback.SERVFAIL, configured)).isEmpty();
        assertThat(AnswerPolicy.allDown(AllDownFallback.BACKUPS, List.of(a))).as("no backups configured: everything").containsExactly(a);
    }
}
