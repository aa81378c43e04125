package dev.meridian.edge.origin;

import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.OriginServerConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every origin server the edge has used or probed, and the turn-taking of each origin's
 * group. A server's health is kept by its URL, so it outlives a config reload that keeps the server.
 */
final class OriginGroups {
    private static final Logger log = LoggerFactory.getLogger(OriginGroups.class);
    /** Bounds the state kept for servers and origins a reload has since removed. */
    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, ServerHealth> health = new ConcurrentHashMap<>();
    private final Map<OriginConfig, ServerChoice> choices = new ConcurrentHashMap<>();

    /** The servers of {@code origin} to try for one request, best first (at least one). */
    List<OriginServerConfig> order(OriginConfig origin) {
        if (origin.servers().size() == 1) {
            return origin.servers();
        }
        if (choices.size() > MAX_ENTRIES) {
            choices.clear();
        }
        return choices.computeIfAbsent(origin, ServerChoice::new).order(s -> healthOf(origin, s).up());
    }

    /** One outcome of a request to, or a probe of, a server of {@code origin}. */
    void report(OriginConfig origin, OriginServerConfig server, boolean ok) {
        if (healthOf(origin, server).report(ok)) {
            if (ok) {
                log.info("origin {}: server {} is back up", origin.host(), server.url());
            } else {
                log.warn("origin {}: server {} is down, taken out of the group", origin.host(), server.url());
            }
        }
    }

    /** How many servers are down now. */
    int down() {
        return (int) health.values().stream().filter(h -> !h.up()).count();
    }

    private ServerHealth healthOf(OriginConfig origin, OriginServerConfig server) {
        if (health.size() > MAX_ENTRIES) {
            health.clear();
        }
        return health.computeIfAbsent(server.url(), u -> new ServerHealth(origin.health().fall(), origin.health().rise()));
    }
}
