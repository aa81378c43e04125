package dev.meridian.gtm.policy;

import dev.meridian.core.config.DnsServerConfig;
import java.net.InetAddress;

/**
 * One address a hostname may be answered with, as the config describes it.
 *
 * @param pop            the POP whose edge this is, or null for a customer's own server
 * @param configuredDown declared down in config: stays out unless something reports it up
 */
public record Candidate(InetAddress address, String pop, int weight, boolean backup, int costMillis,
                        boolean configuredDown) {
    /** A customer's own server: weight 1, answered while up, at no configured cost. */
    public static Candidate server(InetAddress address) {
        return new Candidate(address, null, 1, false, 0, false);
    }

    /** A POP's edge: weight 1, answered while up, at no configured cost. */
    public static Candidate edge(InetAddress address, String pop) {
        return new Candidate(address, pop, 1, false, 0, false);
    }

    /** A hostname's server as its config lists it: weight, backup, cost and declared state included. */
    public static Candidate configured(InetAddress address, DnsServerConfig server) {
        return new Candidate(address, server.pop(), server.weight(), server.backup(), server.cost(), server.down());
    }

    public Candidate withWeight(int weight) {
        return new Candidate(address, pop, weight, backup, costMillis, configuredDown);
    }

    /** This one as a hidden backup. */
    public Candidate asBackup() {
        return new Candidate(address, pop, weight, true, costMillis, configuredDown);
    }

    public Candidate withCost(int costMillis) {
        return new Candidate(address, pop, weight, backup, costMillis, configuredDown);
    }

    /** This one as declared down in config. */
    public Candidate declaredDown() {
        return new Candidate(address, pop, weight, backup, costMillis, true);
    }

    /** How static mappings and logs name it: the POP id, or the address. */
    public String label() {
        return pop != null ? pop : address.getHostAddress();
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }
}
