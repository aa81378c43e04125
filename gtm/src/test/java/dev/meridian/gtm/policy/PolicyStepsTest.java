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

import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.state.InMemoryNetworkState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each step of the answer chain on its own. */
class PolicyStepsTest {
    private final Candidate a = server("192.0.2.1");
    private final Candidate b = server("192.0.2.2");
    private final Candidate c = server("192.0.2.3");

    @Test
    void dropUnavailableRemovesDownAndStaleAndTrustsConfigWhenNothingIsKnown() {
        InMemoryNetworkState state = state();
        Candidate declaredDown = new Candidate(c.address(), null, 1, false, 0, true);
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
        Candidate costlyFra = new Candidate(fra.address(), "fra", 1, false, 500, false);
        assertThat(rank.apply(Selection.of(List.of(sjc, costlyFra)), client("10.1.2.0/24")).candidates()).containsExactly(sjc);

        // Nothing measured for this client: all tie, nothing depends on the client.
        Selection unmeasured = new RankByScore(state(), LossPenalty.DEFAULT, Duration.ofMillis(10), 1.0)
                .apply(Selection.of(List.of(sjc, iad)), client("192.168.1.0/24"));
        assertThat(unmeasured.candidates()).containsExactly(sjc, iad);
        assertThat(unmeasured.scope()).isZero();
    }

    @Test
    void weightsShareAnswersInProportion() {
        WeightedChoice choice = new WeightedChoice(1, new SplittableRandom(42));
        Candidate three = server("192.0.2.1", 3);
        Candidate one = server("192.0.2.2", 1);
        Map<Candidate, Integer> counts = new HashMap<>();
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            counts.merge(choice.apply(Selection.of(List.of(three, one)), anyone()).candidates().get(0), 1, Integer::sum);
        }
        assertThat((double) counts.get(three) / counts.get(one)).isCloseTo(3.0, within(0.15));

        Selection two = new WeightedChoice(2, new SplittableRandom(1)).apply(Selection.of(List.of(three, one, c)), anyone());
        assertThat(two.candidates()).hasSize(2).doesNotHaveDuplicates();
        Candidate zero = server("192.0.2.5", 0);
        for (int i = 0; i < 200; i++) {
            assertThat(choice.apply(Selection.of(List.of(zero, one)), anyone()).candidates()).containsExactly(one);
        }
    }

    @Test
    void fallbackAnswersAllPrimariesOrBackupsOrNothing() {
        Candidate spare = backup("192.0.2.9");
        List<Candidate> configured = List.of(a, b, spare);
        assertThat(Fallback.ALL.choose(configured)).containsExactly(a, b);
        assertThat(Fallback.BACKUPS.choose(configured)).containsExactly(spare);
        assertThat(Fallback.SERVFAIL.choose(configured)).isEmpty();
        assertThat(Fallback.BACKUPS.choose(List.of(a))).as("no backups configured: everything").containsExactly(a);
    }
}
