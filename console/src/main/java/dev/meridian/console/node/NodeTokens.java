package dev.meridian.console.node;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Optional;

/** Which configured node a request's Bearer token belongs to. Every candidate is compared in constant time. */
public final class NodeTokens {
    private NodeTokens() {
    }

    public static Optional<ConsoleNodeConfig> authenticate(HttpServerExchange exchange, MeridianConfig config) {
        Optional<String> token = BearerTokens.fromHeader(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<ConsoleNodeConfig> found = Optional.empty();
        for (ConsoleNodeConfig node : config.consoleConfig().map(c -> c.nodes()).orElse(List.of())) {
            if (BearerTokens.matchesAny(token.get(), List.of(node.token())) && found.isEmpty()) {
                found = Optional.of(node);
            }
        }
        return found;
    }
}
