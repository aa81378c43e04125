package dev.meridian.edge.origin;

import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.OriginServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The order in which one origin's servers are tried for a request: the server chosen by the policy
 * first, then the others that may stand in should it refuse the connection. Servers that are down
 * come after those that are up, backups after the others; when every server is down they are all
 * tried anyway, since health is a guess and an error is certain.
 *
 * <p>Round-robin is smooth weighted round-robin (as nginx does it): each turn every candidate gains
 * its weight, the richest is chosen and pays the sum, so weights 5, 1, 1 give a a b a c a a, spread
 * rather than in runs.
 */
final class ServerChoice {
    private final OriginConfig origin;
    private final int[] current;

    ServerChoice(OriginConfig origin) {
        this.origin = origin;
        this.current = new int[origin.servers().size()];
    }

    /** The servers to try, best first. */
    List<OriginServerConfig> order(Predicate<OriginServerConfig> up) {
        List<OriginServerConfig> servers = origin.servers();
        List<Integer> tier = tier(servers, up);
        List<OriginServerConfig> out = new ArrayList<>(servers.size());
        if (origin.policy() == OriginConfig.Policy.ROUND_ROBIN && tier.size() > 1) {
            out.add(servers.get(turn(tier)));
        }
        for (int i : tier) {
            add(out, servers.get(i));
        }
        for (OriginServerConfig s : servers) {
            if (!s.backup() && up.test(s)) {
                add(out, s);
            }
        }
        for (OriginServerConfig s : servers) {
            if (up.test(s)) {
                add(out, s);
            }
        }
        for (OriginServerConfig s : servers) {
            add(out, s);
        }
        return out;
    }

    /** Indexes of the servers that share requests now: those up and not backups, else the backups up, else all. */
    private static List<Integer> tier(List<OriginServerConfig> servers, Predicate<OriginServerConfig> up) {
        for (boolean backups : new boolean[] {false, true}) {
            List<Integer> tier = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                if (servers.get(i).backup() == backups && up.test(servers.get(i))) {
                    tier.add(i);
                }
            }
            if (!tier.isEmpty()) {
                return tier;
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            all.add(i);
        }
        return all;
    }

    private synchronized int turn(List<Integer> tier) {
        int total = 0;
        int best = -1;
        for (int i : tier) {
            int weight = origin.servers().get(i).weight();
            current[i] += weight;
            total += weight;
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return best;
    }

    private static void add(List<OriginServerConfig> out, OriginServerConfig s) {
        if (!out.contains(s)) {
            out.add(s);
        }
    }
}
