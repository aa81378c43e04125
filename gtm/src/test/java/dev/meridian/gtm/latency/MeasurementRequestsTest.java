package dev.meridian.gtm.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.probe.ManualClock;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.latency.MeasurementSink;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MeasurementRequestsTest {
    private final ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
    private final LatencyTable table = new LatencyTable(Duration.ofMinutes(5), 1000);
    private final List<List<InetAddress>> batchesToSjc = new ArrayList<>();
    private final List<List<InetAddress>> batchesToAms = new ArrayList<>();
    /** Contested paths, as "target pop". */
    private final Set<String> contested = new HashSet<>();

    private LatencyAgentClient agent(String pop, double rtt, List<List<InetAddress>> seen) {
        return targets -> {
            seen.add(targets);
            return CompletableFuture.completedFuture(targets.stream()
                    .map(t -> new Measurement(pop, t, rtt, 0, "test", false, clock.instant())).toList());
        };
    }

    private MeasurementRequests requests(int batchSize, int maxPending) {
        return new MeasurementRequests(Map.of("sjc", agent("sjc", 10, batchesToSjc), "ams", agent("ams", 90, batchesToAms)),
                pop -> true, table, table, (t, pop) -> contested.contains(t.getHostAddress() + " " + pop), clock, new MeasurementRequests.Settings(
                Duration.ofMinutes(10), Duration.ofMinutes(1), batchSize, maxPending, Duration.ofSeconds(1)));
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void batchesQueuedTargetsToEveryAgentAndRecordsTheResults() throws Exception {
        MeasurementRequests requests = requests(2, 100);
        assertThat(requests.request(ip("10.0.0.1"))).isTrue();
        assertThat(requests.request(ip("10.0.0.1"))).as("already queued").isFalse();
        requests.request(ip("10.0.0.2"));
        requests.request(ip("10.0.0.3"));

        requests.flush().get();

        assertThat(batchesToSjc).containsExactly(List.of(ip("10.0.0.1"), ip("10.0.0.2")));
        assertThat(batchesToAms).isEqualTo(batchesToSjc);
        assertThat(table.paths(ip("10.0.0.1"))).containsOnlyKeys("sjc", "ams");
        assertThat(requests.pending()).isEqualTo(1);
    }

    @Test
    void freshTargetsAreNotMeasuredAgainUntilTheyGoStale() throws Exception {
        MeasurementRequests requests = requests(10, 100);
        requests.request(ip("10.0.0.1"));
        requests.flush().get();

        assertThat(requests.request(ip("10.0.0.1"))).isFalse();
        clock.advance(Duration.ofMinutes(11));
        requests.requestStale();
        assertThat(requests.pending()).isEqualTo(1);
    }

    @Test
    void contestedTargetsAreReMeasuredSoonerOnTheSchedule() throws Exception {
        MeasurementRequests requests = requests(10, 100);
        requests.request(ip("10.0.0.1"));
        requests.request(ip("10.0.0.2"));
        requests.flush().get();
        contested.add("10.0.0.2 sjc"); // ams is far behind: not in contention

        clock.advance(Duration.ofMinutes(2));
        assertThat(requests.request(ip("10.0.0.2"))).as("the DNS path only ages against freshFor").isFalse();
        requests.requestStale();
        requests.flush().get();
        assertThat(batchesToSjc).as("only the contested path is due after contestedFreshFor")
                .containsExactly(List.of(ip("10.0.0.1"), ip("10.0.0.2")), List.of(ip("10.0.0.2")));
        assertThat(batchesToAms).containsExactly(List.of(ip("10.0.0.1"), ip("10.0.0.2")));
        assertThat(table.path(ip("10.0.0.2"), "sjc").lastMeasured()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(9));
        requests.requestStale();
        assertThat(requests.pending()).as("after freshFor every target is due").isEqualTo(2);
    }

    @Test
    void resultsFromUntrustedPopsAreDropped() throws Exception {
        MeasurementRequests requests = new MeasurementRequests(Map.of("sjc", agent("sjc", 10, batchesToSjc),
                "ams", agent("ams", 90, batchesToAms)), pop -> true,
                MeasurementSink.onlyFrom(pop -> !pop.equals("ams"), table), table, (t, pop) -> false, clock,
                MeasurementRequests.Settings.defaults());
        requests.request(ip("10.0.0.1"));
        requests.flush().get();
        assertThat(table.paths(ip("10.0.0.1"))).containsOnlyKeys("sjc");
        assertThat(requests.request(ip("10.0.0.1"))).as("ams has no data yet: still wanted").isTrue();
    }

    @Test
    void aPopThatIsNotUsableIsNeitherAskedNorWaitedForAndCatchesUpLater() throws Exception {
        AtomicBoolean amsUsable = new AtomicBoolean(false);
        MeasurementRequests requests = new MeasurementRequests(Map.of("sjc", agent("sjc", 10, batchesToSjc),
                "ams", agent("ams", 90, batchesToAms)), pop -> !pop.equals("ams") || amsUsable.get(), table, table, (t, pop) -> false, clock,
                MeasurementRequests.Settings.defaults());
        requests.request(ip("10.0.0.1"));
        requests.flush().get();
        assertThat(batchesToAms).isEmpty();
        assertThat(requests.request(ip("10.0.0.1"))).as("fresh for every usable POP").isFalse();

        amsUsable.set(true);
        requests.requestStale();
        requests.flush().get();
        assertThat(batchesToAms).containsExactly(List.of(ip("10.0.0.1")));
        assertThat(batchesToSjc).as("sjc's data is fresh: not measured again").hasSize(1);
    }

    @Test
    void queueIsBoundedAndCountsWhatItDrops() throws Exception {
        MeasurementRequests requests = requests(10, 2);
        requests.request(ip("10.0.0.1"));
        requests.request(ip("10.0.0.2"));
        assertThat(requests.request(ip("10.0.0.3"))).isFalse();
        assertThat(requests.dropped()).isEqualTo(1);
    }
}
