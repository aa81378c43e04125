package dev.meridian.uplink.control;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.MeridianConfig;
import java.util.List;

/**
 * Whether a call to a node's admin listener comes from its console: the console presents the node's own
 * token from {@code console.nodes} (knowing it is what proves the caller is the console this node reports
 * to). One check for every endpoint only the console calls: config push, numbered purges, page checks.
 */
public final class ConsoleCaller {
    private ConsoleCaller() {
    }

    /** @param token the presented bearer token, or null when there is none */
    public static boolean isConsole(MeridianConfig config, String nodeId, String token) {
        return token != null && config.consoleConfig().flatMap(c -> c.node(nodeId))
                .map(n -> BearerTokens.matchesAny(token, List.of(n.token()))).orElse(false);
    }
}
