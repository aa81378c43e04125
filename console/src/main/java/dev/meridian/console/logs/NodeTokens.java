package dev.meridian.console.logs;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConsoleNodeConfig;
import java.util.List;
import java.util.Optional;

/** Which configured node presented a token (every token compared, in constant time each). */
final class NodeTokens {
    private NodeTokens() {
    }

    static Optional<ConsoleNodeConfig> identify(List<ConsoleNodeConfig> nodes, String authorization) {
        Optional<String> token = BearerTokens.fromHeader(authorization);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        ConsoleNodeConfig found = null;
        for (ConsoleNodeConfig node : nodes) {
            if (BearerTokens.matchesAny(token.get(), List.of(node.token())) && found == null) {
                found = node;
            }
        }
        return Optional.ofNullable(found);
    }
}
