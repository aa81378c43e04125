package dev.meridian.gtm.live;

import dev.meridian.core.config.IpAddresses;
import dev.meridian.gtm.latency.LatencyTable;
import dev.meridian.gtm.load.LoadBoard;
import dev.meridian.gtm.map.BlockDecision;
import dev.meridian.gtm.map.LatencyMap;
import dev.meridian.gtm.map.PopScore;
import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.probe.AddressHealth;
import dev.meridian.gtm.probe.HealthBoard;
import dev.meridian.gtm.state.NetworkState;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Copies what the probes know into the network state the answer policies read: each address's
 * health, each POP's load (by its edge's address), and path latency and loss per POP for every
 * measured target and every block decision of the map. Changes go across as they happen;
 * {@link #tickHealth} and {@link #refreshPaths} re-report on a timer, because the state forgets
 * what is older than its stale-after age while a decaying average stays the best knowledge.
 */
public final class StateFeeder {
    private final NetworkState state;
    private final Map<String, InetAddress> popAddresses;
    private final HealthBoard health;
    private final LoadBoard load;
    private final LatencyTable table;
    private final LatencyMap map;
    private final Clock clock;

    public StateFeeder(NetworkState state, Map<String, InetAddress> popAddresses, HealthBoard health, LoadBoard load,
                       LatencyTable table, LatencyMap map, Clock clock) {
        this.state = state;
        this.popAddresses = Map.copyOf(popAddresses);
        this.health = health;
        this.load = load;
        this.table = table;
        this.map = map;
        this.clock = clock;
        health.onTransition(t -> health.health(t.address()).ifPresent(this::reportHealth));
        load.onReport(r -> reportLoad(r.pop()));
        table.onChange(this::reportTarget);
        map.onChange(this::reportBlocks);
    }

    /**
     * Re-evaluates health (so silent addresses go down) and reports every address, and every POP's
     * load as the load board sees it now (a POP without a fresh report ranks at the unknown figure).
     */
    public void tickHealth() {
        health.tick();
        health.all().forEach(this::reportHealth);
        popAddresses.keySet().forEach(this::reportLoad);
    }

    public void refreshPaths() {
        table.targets().forEach(this::reportTarget);
        Instant now = clock.instant();
        map.decisions().forEach(d -> reportDecision(d, now));
    }

    /** During the cold start (nothing probed yet, still trusted) the config decides, so nothing is reported. */
    private void reportHealth(AddressHealth h) {
        if (h.probed() || !h.up()) {
            state.reportHealth(IpAddresses.parse(h.address()), h.up(), "probes", clock.instant());
        }
    }

    private void reportLoad(String pop) {
        InetAddress server = popAddresses.get(pop);
        if (server != null) {
            state.reportLoad(server, load.load(pop).figure(), clock.instant());
        }
    }

    private void reportTarget(InetAddress target) {
        Instant now = clock.instant();
        Cidr own = Cidr.of(target, target.getAddress().length * 8);
        table.paths(target).forEach((pop, stats) -> reportPath(pop, own, stats.averageRttMs(), stats.averageLoss(), now));
    }

    private void reportBlocks(Cidr base) {
        Instant now = clock.instant();
        map.cover(base).forEach(d -> reportDecision(d, now));
    }

    private void reportDecision(BlockDecision d, Instant now) {
        for (PopScore s : d.scores()) {
            reportPath(s.pop(), d.block(), s.averageRttMs(), s.averageLoss(), now);
        }
    }

    private void reportPath(String pop, Cidr block, double rtt, double loss, Instant at) {
        InetAddress server = popAddresses.get(pop);
        if (server != null && Double.isFinite(rtt) && Double.isFinite(loss)) {
            state.reportPath(server, block, rtt, Math.max(0, Math.min(1, loss)), at);
        }
    }
}
