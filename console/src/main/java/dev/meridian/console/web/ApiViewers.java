package dev.meridian.console.web;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Optional;

/**
 * Who calls the customer API: the session's viewer when the session layer attached one, else the
 * bearer token: an operator token (any customer) or one of a customer's {@code adminTokens} (that
 * customer only).
 */
public final class ApiViewers {
    private ApiViewers() {
    }

    /**
     * @param chosen the customer an operator asked for ({@code ?customer=}), or null
     */
    public static Optional<Viewer> of(HttpServerExchange ex, MeridianConfig config, String chosen) {
        Viewer session = ex.getAttachment(Viewer.KEY);
        if (session != null) {
            return Optional.of(session.operator() && chosen != null
                    ? new Viewer(session.user(), session.role(), chosen, session.csrfToken()) : session);
        }
        return BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION))
                .flatMap(token -> ofToken(config, token))
                .map(v -> v.operator() ? new Viewer(v.user(), v.role(), chosen, null) : v);
    }

    /**
     * The holder of a bearer token: an operator (no customer chosen) for one of the operatorTokens, a
     * customer for one of its adminTokens. Every token is compared, in constant time each, whatever
     * matched, so timing does not tell which exist or which customer came close.
     */
    public static Optional<Viewer> ofToken(MeridianConfig config, String token) {
        boolean operator = BearerTokens.matchesAny(token, config.operatorTokens());
        Viewer found = null;
        for (CustomerConfig customer : config.customers()) {
            if (BearerTokens.matchesAny(token, customer.adminTokens()) && found == null) {
                found = new Viewer(customer.id() + " token", Viewer.Role.CUSTOMER, customer.id(), null);
            }
        }
        return operator ? Optional.of(new Viewer("operator token", Viewer.Role.OPERATOR, null, null))
                : Optional.ofNullable(found);
    }

    /** Whether the request carries one of the operatorTokens. */
    public static boolean operatorToken(HttpServerExchange ex, MeridianConfig config) {
        return BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION))
                .flatMap(token -> ofToken(config, token)).filter(Viewer::operator).isPresent();
    }
}
