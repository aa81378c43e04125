package dev.meridian.edge.purge;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PropertyConfig;
import java.util.List;
import java.util.Optional;

/**
 * Who a bearer token belongs to and what it may purge: an operator token anything, a customer token
 * only that customer's properties. Every configured token is compared, in constant time, whatever
 * matched, so response times say nothing about which tokens exist.
 */
final class PurgeAuthorizer {
    /** The holder of a token: an operator, or the customer with this id. */
    record Principal(boolean operator, String customerId) {
        static final Principal OPERATOR = new Principal(true, null);

        static Principal customer(String customerId) {
            return new Principal(false, customerId);
        }

        @Override
        public String toString() {
            return operator ? "operator" : "customer " + customerId;
        }
    }

    private PurgeAuthorizer() {
    }

    static Optional<Principal> identify(MeridianConfig config, String token) {
        boolean operator = BearerTokens.matchesAny(token, config.operatorTokens());
        String customer = null;
        for (CustomerConfig c : config.customers()) {
            if (BearerTokens.matchesAny(token, c.adminTokens()) && customer == null) {
                customer = c.id();
            }
        }
        if (operator) {
            return Optional.of(Principal.OPERATOR);
        }
        return Optional.ofNullable(customer).map(Principal::customer);
    }

    /**
     * Whether the principal may purge content of these properties: all of them must be its own, since
     * a purge by origin host reaches every property in front of that host.
     */
    static boolean mayPurge(MeridianConfig config, Principal who, List<PropertyConfig> properties) {
        if (who.operator()) {
            return true;
        }
        return !properties.isEmpty() && properties.stream().allMatch(p -> config.customerOf(p).map(c -> c.id().equals(who.customerId())).orElse(false));
    }
}
