package dev.meridian.probe.emulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meridian.probe.latency.LatencyAgent;
import dev.meridian.probe.ManualClock;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.core.net.Cidr;
import dev.meridian.probe.service.ProbeError;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.service.ProbeTarget;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class EmulatedNetworkTest {
    private final ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
    private final EmulatedNetwork network = new EmulatedNetwork(
            List.of(new EmulatedNetwork.Link("sjc", Cidr.parse("10.0.0.0/8"), 80, 0),
                    new EmulatedNetwork.Link("sjc", Cidr.parse("10.1.0.0/16"), 10, 0.2)),
            List.of(new EmulatedNetwork.Change(Duration.ofMinutes(5),
                    new EmulatedNetwork.Link("sjc", Cidr.parse("10.1.0.0/16"), 50, 0))),
            List.of(new EmulatedNetwork.Outage("sjc", Duration.ofMinutes(10), Duration.ofMinutes(11))),
            clock.instant(), clock);

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void theMostSpecificLinkWinsAndChangesApplyOverTime() throws Exception {
        assertThat(network.link("sjc", ip("10.1.2.3")).orElseThrow().rttMs()).isEqualTo(10);
        assertThat(network.link("sjc", ip("10.2.2.3")).orElseThrow().rttMs()).isEqualTo(80);
        assertThat(network.link("ams", ip("10.2.2.3"))).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(network.link("sjc", ip("10.1.2.3")).orElseThrow().rttMs()).isEqualTo(50);
        clock.advance(Duration.ofMinutes(5));
        assertThat(network.link("sjc", ip("10.1.2.3")).orElseThrow().loss()).isEqualTo(1.0);
        clock.advance(Duration.ofMinutes(1));
        assertThat(network.link("sjc", ip("10.1.2.3")).orElseThrow().loss()).isZero();
    }

    @Test
    void anAgentWithTheEmulatedMethodReportsLabelledEmulatedFigures() throws Exception {
        LatencyAgent agent = new LatencyAgent("sjc",
                List.of(new EmulatedMethod(network, 1000, 0.05, new SplittableRandom(1))), clock, ForkJoinPool.commonPool());
        Measurement m = agent.measureOne(ip("10.1.2.3"));
        assertThat(m.emulated()).isTrue();
        assertThat(m.method()).isEqualTo("emulated");
        assertThat(m.rttMs()).isCloseTo(10, within(0.5));
        assertThat(m.loss()).isCloseTo(0.2, within(0.05));

        clock.advance(Duration.ofMinutes(10));
        assertThat(agent.measureOne(ip("10.1.2.3")).replied()).as("during the outage nothing gets through").isFalse();
    }

    @Test
    void emulatedProbeLossDropsTheConfiguredShare() {
        ProbeTarget target = new ProbeTarget("127.0.0.11", URI.create("http://127.0.0.11/"), null, null, null);
        EmulatedProbeLoss lossy = new EmulatedProbeLoss((t, v) -> CompletableFuture.completedFuture(
                ProbeResult.success(t.address(), v, clock.instant(), 1)), 0.1, new SplittableRandom(3), clock);
        long dropped = 0;
        for (int i = 0; i < 10_000; i++) {
            if (lossy.probe(target, "gtm").join().error() == ProbeError.EMULATED_LOSS) {
                dropped++;
            }
        }
        assertThat(dropped).isBetween(850L, 1150L);
    }
}
