package dev.meridian.console.node;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConsoleConfig;
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
        return BearerTokens.fromHeader(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))
                .flatMap(token -> ofToken(config, token));
    }

    /** The node whose token this is, every node's token compared in constant time whatever matched. */
    public static Optional<ConsoleNodeConfig> ofToken(MeridianConfig config, String token) {
        ConsoleNodeConfig found = null;
        for (ConsoleNodeConfig node : config.consoleConfig().map(ConsoleConfig::nodes).orElse(List.of())) {
            if (BearerTokens.matchesAny(token, List.of(node.token())) && found == null) {
                found = node;
            }
        }
        return Optional.ofNullable(found);
    }
}
