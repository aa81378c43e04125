package dev.meridian.console.node;

import dev.meridian.console.web.ApiViewers;
import dev.meridian.console.web.JsonResponses;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.uplink.wire.NodeRegistration;
import dev.meridian.uplink.wire.WireJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Methods;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/nodes/register}: a node says who and where it is. Its token must be that of the node
 * it names; a node of unknown id, or with another node's token, is refused.
 */
public final class NodeApi {
    private static final Logger log = LoggerFactory.getLogger(NodeApi.class);
    static final int MAX_BODY = 16 * 1024;

    private final ConfigHolder holder;
    private final NodeRegistry registry;
    private final Clock clock;

    public NodeApi(ConfigHolder holder, NodeRegistry registry, Clock clock) {
        this.holder = holder;
        this.registry = registry;
        this.clock = clock;
    }

    public RoutingHandler addTo(RoutingHandler routes) {
        return routes.add(Methods.POST, "/v1/nodes/register", register())
                .add(Methods.GET, "/v1/nodes", list());
    }

    /** {@code GET /v1/nodes} for operators: every node as it last registered. */
    private HttpHandler list() {
        return exchange -> {
            if (!ApiViewers.operatorToken(exchange, holder.get())) {
                JsonResponses.error(exchange, 401, "an operator token is required");
                return;
            }
            exchange.dispatch(() -> {
                try {
                    JsonResponses.send(exchange, 200, registry.all());
                } catch (SQLException e) {
                    log.warn("cannot list nodes: {}", e.toString());
                    JsonResponses.error(exchange, 503, "the database is unavailable");
                }
            });
        };
    }

    private HttpHandler register() {
        return exchange -> {
            Optional<ConsoleNodeConfig> caller = NodeTokens.authenticate(exchange, holder.get());
            if (caller.isEmpty()) {
                log.warn("node registration from {} refused: no known node token", exchange.getSourceAddress());
                JsonResponses.error(exchange, 401, "a node token is required");
                return;
            }
            exchange.setMaxEntitySize(MAX_BODY);
            exchange.getRequestReceiver().receiveFullBytes((ex, body) -> ex.dispatch(() -> {
                try {
                    NodeRegistration node = WireJson.mapper().readValue(body, NodeRegistration.class);
                    ConsoleNodeConfig self = caller.get();
                    if (!self.id().equals(node.node())
                            || !self.role().name().toLowerCase(Locale.ROOT).equals(node.role())) {
                        log.warn("node {} tried to register as {} ({})", self.id(), node.node(), node.role());
                        JsonResponses.error(ex, 403, "this token is node " + self.id() + "'s, a "
                                + self.role().name().toLowerCase(Locale.ROOT));
                        return;
                    }
                    if (node.adminUrl() == null || !node.adminUrl().matches("https?://[^/\\s]{1,200}")) {
                        JsonResponses.error(ex, 400, "adminUrl must be http(s)://host:port");
                        return;
                    }
                    registry.register(node, clock.instant());
                    JsonResponses.send(ex, 200, node);
                } catch (IOException e) {
                    JsonResponses.error(ex, 400, "not a node registration");
                } catch (SQLException e) {
                    log.warn("cannot record node registration: {}", e.toString());
                    JsonResponses.error(ex, 503, "the database is unavailable");
                }
            }), (ex, e) -> JsonResponses.error(ex, 400, "cannot read the body"));
        };
    }
}
