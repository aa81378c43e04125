package dev.meridian.gtm.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.net.Cidr;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockUnifierTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private final BlockUnifier unifier = new BlockUnifier(24, 64, UnmeasuredBlockFallback.none(), 10);

    private static List<PopScore> ranking(double sjc, double ams) {
        List<PopScore> r = new java.util.ArrayList<>(List.of(score("sjc", sjc), score("ams", ams)));
        r.sort(PopScore.BEST_FIRST);
        return r;
    }

    private static PopScore score(String pop, double rtt) {
        return new PopScore(pop, rtt, rtt, rtt, 0, AT, false, false);
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aSlash16WhoseMembersAgreeMapsWhole() throws Exception {
        Map<InetAddress, List<PopScore>> members = new LinkedHashMap<>();
        members.put(ip("10.1.0.7"), ranking(10, 80));
        members.put(ip("10.1.200.9"), ranking(20, 90));
        members.put(ip("10.1.99.1"), ranking(15, 70));

        List<BlockDecision> decisions = unifier.unify(Cidr.parse("10.1.0.0/16"), members);

        assertThat(decisions).hasSize(1);
        BlockDecision d = decisions.get(0);
        assertThat(d.block()).isEqualTo(Cidr.parse("10.1.0.0/16"));
        assertThat(d.pop()).isEqualTo("sjc");
        assertThat(d.reason()).isEqualTo(Reason.UNIFIED);
        assertThat(d.members()).isEqualTo(3);
        assertThat(d.scores()).extracting(PopScore::pop).containsExactly("sjc", "ams");
        assertThat(d.scores().get(0).averageRttMs()).isEqualTo(15);
    }

    @Test
    void membersWhoseBestsAreNearTiesStillAgree() throws Exception {
        Map<InetAddress, List<PopScore>> members = new LinkedHashMap<>();
        members.put(ip("10.1.5.1"), ranking(50, 56));    // sjc ahead by 6 ms
        members.put(ip("10.1.200.1"), ranking(55, 52));  // ams ahead by 3 ms: noise, not a different network
        members.put(ip("10.1.77.1"), ranking(40, 90));

        List<BlockDecision> decisions = unifier.unify(Cidr.parse("10.1.0.0/16"), members);

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.block()).isEqualTo(Cidr.parse("10.1.0.0/16"));
            assertThat(d.pop()).isEqualTo("sjc");
        });
    }

    @Test
    void twoDisagreeingMembersSplitItIntoTwoSlash17s() throws Exception {
        Map<InetAddress, List<PopScore>> members = new LinkedHashMap<>();
        members.put(ip("10.1.5.1"), ranking(10, 80));    // lower half: sjc
        members.put(ip("10.1.200.1"), ranking(90, 20));  // upper half: ams

        List<BlockDecision> decisions = unifier.unify(Cidr.parse("10.1.0.0/16"), members);

        assertThat(decisions).extracting(BlockDecision::block)
                .containsExactly(Cidr.parse("10.1.0.0/17"), Cidr.parse("10.1.128.0/17"));
        assertThat(decisions).extracting(BlockDecision::pop).containsExactly("sjc", "ams");
        assertThat(decisions).extracting(BlockDecision::reason).containsOnly(Reason.UNIFIED);
    }

    @Test
    void splitsDownToTheLargestAgreeingBlocksAndEmptyHalvesFallBack() throws Exception {
        Map<InetAddress, List<PopScore>> members = new LinkedHashMap<>();
        members.put(ip("10.1.0.1"), ranking(10, 80));   // 10.1.0.0/18 .. both in the lowest /17
        members.put(ip("10.1.64.1"), ranking(90, 20));

        List<BlockDecision> decisions = unifier.unify(Cidr.parse("10.1.0.0/16"), members);

        assertThat(decisions).extracting(d -> d.block() + " " + d.pop() + " " + d.reason()).containsExactly(
                "10.1.0.0/18 sjc UNIFIED",
                "10.1.64.0/18 ams UNIFIED",
                "10.1.128.0/17 null FALLBACK");
    }

    @Test
    void aBlockNobodyWasMeasuredInFallsBack() {
        List<BlockDecision> decisions = unifier.unify(Cidr.parse("10.9.0.0/16"), Map.of());
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Reason.FALLBACK);
            assertThat(d.pop()).isNull();
        });
    }

    @Test
    void atTheFinestPrefixTheLowestMeanScoreSettlesADisagreement() throws Exception {
        Map<InetAddress, List<PopScore>> members = new LinkedHashMap<>();
        members.put(ip("10.1.2.1"), ranking(10, 30));
        members.put(ip("10.1.2.2"), ranking(50, 40));

        List<BlockDecision> decisions = new BlockUnifier(24, 64, UnmeasuredBlockFallback.none(), 10).unify(Cidr.parse("10.1.2.0/24"), members);

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.block()).isEqualTo(Cidr.parse("10.1.2.0/24"));
            assertThat(d.pop()).isEqualTo("sjc"); // mean 30 against 35
        });
    }

    @Test
    void membersNoPopReachedDoNotVote() throws Exception {
        Map<InetAddress, List<PopScore>> members = new LinkedHashMap<>();
        members.put(ip("10.1.5.1"), ranking(10, 80));
        members.put(ip("10.1.200.1"), List.of(score("ams", Double.POSITIVE_INFINITY), score("sjc", Double.POSITIVE_INFINITY)));

        assertThat(unifier.unify(Cidr.parse("10.1.0.0/16"), members)).singleElement()
                .satisfies(d -> assertThat(d.pop()).isEqualTo("sjc"));
    }
}
