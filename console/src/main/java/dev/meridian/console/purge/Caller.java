package dev.meridian.console.purge;

import dev.meridian.console.web.ApiViewers;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.MeridianConfig;
import java.util.Optional;

/**
 * Who asks for a purge: an operator (customer null: anything the network serves) or a customer's user
 * or API token (its own content only).
 *
 * @param name     what the purges table records as {@code requested_by}
 * @param customer the customer's id, or null for an operator
 */
record Caller(String name, String customer) {
    boolean operator() {
        return customer == null;
    }

    /**
     * The holder of a bearer token: operatorTokens, or one customer's adminTokens. Every token is compared
     * in constant time whatever matched, so timing says nothing about which exist.
     */
    static Optional<Caller> ofToken(MeridianConfig config, String token) {
        return ApiViewers.ofToken(config, token).map(v -> v.operator() ? new Caller("operator token", null)
                : new Caller("token of " + v.customer(), v.customer()));
    }

    /** A logged-in portal user; an operator purges as an operator whichever customer they are looking at. */
    static Caller ofViewer(Viewer viewer) {
        return new Caller(viewer.user(), viewer.operator() ? null : viewer.customer());
    }
}
