package dev.meridian.console.logs;

import dev.meridian.console.web.Viewer;
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
final class ApiViewers {
    private ApiViewers() {
    }

    /**
     * @param chosen the customer an operator asked for ({@code ?customer=}), or null
     */
    static Optional<Viewer> of(HttpServerExchange ex, MeridianConfig config, String chosen) {
        Viewer session = ex.getAttachment(Viewer.KEY);
        if (session != null) {
            return Optional.of(session.operator() && chosen != null
                    ? new Viewer(session.user(), session.role(), chosen, session.csrfToken()) : session);
        }
        Optional<String> token = BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (BearerTokens.matchesAny(token.get(), config.operatorTokens())) {
            return Optional.of(new Viewer("operator token", Viewer.Role.OPERATOR, chosen, null));
        }
        Viewer found = null;
        for (CustomerConfig customer : config.customers()) {
            // Every customer's tokens are compared, so timing does not tell which customer came close.
            if (BearerTokens.matchesAny(token.get(), customer.adminTokens()) && found == null) {
                found = new Viewer(customer.id() + " token", Viewer.Role.CUSTOMER, customer.id(), null);
            }
        }
        return Optional.ofNullable(found);
    }
}
