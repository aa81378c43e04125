package dev.meridian.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.OriginServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Each policy's order of servers, given which are up. */
class ServerChoiceTest {
    private final OriginServerConfig a = new OriginServerConfig("http://127.0.0.1:1", 5, false);
    private final OriginServerConfig b = new OriginServerConfig("http://127.0.0.1:2", 1, false);
    private final OriginServerConfig c = new OriginServerConfig("http://127.0.0.1:3", 1, false);
    private final OriginServerConfig spare = new OriginServerConfig("http://127.0.0.1:9", 1, true);

    private static OriginConfig group(OriginConfig.Policy policy, OriginServerConfig... servers) {
        return new OriginConfig("www.acme.test", null, List.of(servers), policy, null, null, null, null, null, null);
    }

    private static Predicate<OriginServerConfig> upAre(OriginServerConfig... up) {
        return Set.of(up)::contains;
    }

    @Test
    void primaryTakesEverythingWhileUpAndTheNextStandsInForIt() {
        ServerChoice choice = new ServerChoice(group(OriginConfig.Policy.PRIMARY, a, b, spare));
        assertThat(choice.order(upAre(a, b, spare))).containsExactly(a, b, spare);
        assertThat(choice.order(upAre(a, b, spare))).containsExactly(a, b, spare);
        assertThat(choice.order(upAre(b, spare))).containsExactly(b, spare, a);
    }

    @Test
    void backupsServeOnlyWhenNoOtherServerIsUp() {
        ServerChoice choice = new ServerChoice(group(OriginConfig.Policy.PRIMARY, a, b, spare));
        assertThat(choice.order(upAre(spare))).containsExactly(spare, a, b);
        ServerChoice rr = new ServerChoice(group(OriginConfig.Policy.ROUND_ROBIN, a, b, spare));
        assertThat(rr.order(upAre(spare)).get(0)).isEqualTo(spare);
        assertThat(rr.order(upAre(b, spare)).get(0)).isEqualTo(b);
    }

    @Test
    void whenEverythingIsDownEveryServerIsTriedInOrder() {
        ServerChoice choice = new ServerChoice(group(OriginConfig.Policy.PRIMARY, a, b, spare));
        assertThat(choice.order(upAre())).containsExactly(a, b, spare);
    }

    @Test
    void roundRobinSharesByWeightSpreadOut() {
        ServerChoice choice = new ServerChoice(group(OriginConfig.Policy.ROUND_ROBIN, a, b, c));
        List<OriginServerConfig> firsts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            firsts.add(choice.order(upAre(a, b, c)).get(0));
        }
        // nginx's smooth weighted round-robin for 5, 1, 1.
        assertThat(firsts).containsExactly(a, a, b, a, c, a, a);
    }

    @Test
    void roundRobinSkipsServersThatAreDownAndListsTheRestAsStandIns() {
        ServerChoice choice = new ServerChoice(group(OriginConfig.Policy.ROUND_ROBIN, a, b, c));
        for (int i = 0; i < 4; i++) {
            List<OriginServerConfig> order = choice.order(upAre(b, c));
            assertThat(order.get(0)).isIn(b, c);
            assertThat(order).hasSize(3).endsWith(a);
        }
    }
}
