package dev.meridian.gtm.policy;

import dev.meridian.core.config.IpAddresses;
import dev.meridian.gtm.net.ClientSubnet;
import dev.meridian.gtm.state.InMemoryNetworkState;
import java.time.Duration;
import java.time.Instant;

/** Small builders shared by the policy step tests. */
final class PolicyFixtures {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private PolicyFixtures() {
    }

    static Candidate server(String address) {
        return Candidate.server(IpAddresses.parse(address));
    }

    static Candidate server(String address, int weight) {
        return Candidate.server(IpAddresses.parse(address)).withWeight(weight);
    }

    static Candidate backup(String address) {
        return Candidate.server(IpAddresses.parse(address)).asBackup();
    }

    static Candidate pop(String id, String address) {
        return Candidate.edge(IpAddresses.parse(address), id);
    }

    static PolicyContext client(String subnet) {
        String[] p = subnet.split("/");
        return new PolicyContext("h.cdn.test", new ClientSubnet(IpAddresses.parse(p[0]), Integer.parseInt(p[1])), NOW);
    }

    static PolicyContext anyone() {
        return new PolicyContext("h.cdn.test", null, NOW);
    }

    static InMemoryNetworkState state() {
        return new InMemoryNetworkState(() -> Duration.ofSeconds(30), 1000);
    }
}
