package dev.meridian.gtm.policy;

import java.net.InetAddress;

/**
 * One address a hostname may be answered with, as the config describes it.
 *
 * @param pop            the POP whose edge this is, or null for a customer's own server
 * @param configuredDown declared down in config: stays out unless something reports it up
 */
public record Candidate(InetAddress address, String pop, int weight, boolean backup, int costMillis,
                        boolean configuredDown) {
    public static Candidate of(InetAddress address) {
        return new Candidate(address, null, 1, false, 0, false);
    }

    /** How static mappings and logs name it: the POP id, or the address. */
    public String label() {
        return pop != null ? pop : address.getHostAddress();
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }
}
