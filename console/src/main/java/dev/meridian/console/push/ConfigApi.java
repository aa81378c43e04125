package dev.meridian.console.push;

import dev.meridian.console.node.NodeTokens;
import dev.meridian.console.web.ApiViewers;
import dev.meridian.console.web.JsonResponses;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.uplink.wire.ConfigProposal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config push API. Operators: {@code POST /v1/config} (the YAML file as the body; answers with the
 * push's result), {@code GET /v1/config/versions}, {@code GET /v1/config/versions/<n>} (the file, the
 * diff and every node's votes). Nodes: {@code GET /v1/config/committed} (204 when nothing was ever
 * committed).
 */
public final class ConfigApi {
    private static final Logger log = LoggerFactory.getLogger(ConfigApi.class);
    /** Who pushed, as the caller names themselves (the CLI sends user@host); kept with the version. */
    static final HttpString AUTHOR = new HttpString("X-Meridian-Author");
    static final int MAX_CONFIG = 4 << 20;

    private final ConfigHolder holder;
    private final ConfigPush push;
    private final ConfigVersions versions;

    public ConfigApi(ConfigHolder holder, ConfigPush push, ConfigVersions versions) {
        this.holder = holder;
        this.push = push;
        this.versions = versions;
    }

    public RoutingHandler addTo(RoutingHandler routes) {
        return routes
                .add(Methods.POST, "/v1/config", operator(this::push))
                .add(Methods.GET, "/v1/config/versions", operator(exchange -> exchange.dispatch(() -> {
                    try {
                        JsonResponses.send(exchange, 200, versions.recent(100));
                    } catch (SQLException e) {
                        databaseDown(exchange, e);
                    }
                })))
                .add(Methods.GET, "/v1/config/versions/{version}", operator(exchange -> exchange.dispatch(() -> {
                    try {
                        long n = Long.parseLong(exchange.getQueryParameters().get("version").getFirst());
                        Optional<ConfigVersions.Version> version = versions.get(n);
                        if (version.isEmpty()) {
                            JsonResponses.error(exchange, 404, "no version " + n);
                            return;
                        }
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("version", version.get());
                        body.put("votes", versions.votes(n));
                        JsonResponses.send(exchange, 200, body);
                    } catch (NumberFormatException e) {
                        JsonResponses.error(exchange, 404, "versions are numbers");
                    } catch (SQLException e) {
                        databaseDown(exchange, e);
                    }
                })))
                .add(Methods.GET, "/v1/config/committed", exchange -> {
                    if (NodeTokens.authenticate(exchange, holder.get()).isEmpty()) {
                        JsonResponses.error(exchange, 401, "a node token is required");
                        return;
                    }
                    exchange.dispatch(() -> {
                        try {
                            Optional<ConfigVersions.Version> committed = versions.committed();
                            if (committed.isEmpty()) {
                                exchange.setStatusCode(204).endExchange();
                            } else {
                                JsonResponses.send(exchange, 200,
                                        new ConfigProposal(committed.get().version(), committed.get().yaml()));
                            }
                        } catch (SQLException e) {
                            databaseDown(exchange, e);
                        }
                    });
                });
    }

    private void push(HttpServerExchange exchange) {
        exchange.setMaxEntitySize(MAX_CONFIG);
        String named = exchange.getRequestHeaders().getFirst(AUTHOR);
        String author = "operator token" + (named == null ? "" : " (" + printable(named) + ")");
        exchange.getRequestReceiver().receiveFullString((ex, yaml) -> ex.dispatch(() -> {
            try {
                ConfigPush.Result result = push.push(yaml, author);
                JsonResponses.send(ex, result.state() == ConfigVersions.State.COMMITTED ? 200 : 409, result);
            } catch (ConfigException e) {
                JsonResponses.error(ex, 422, e.getMessage());
            } catch (ConfigVersions.PushInProgress e) {
                JsonResponses.error(ex, 409, e.getMessage());
            } catch (SQLException e) {
                databaseDown(ex, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                JsonResponses.error(ex, 503, "the console is stopping");
            }
        }), (ex, e) -> JsonResponses.error(ex, 400, "cannot read the body (at most " + MAX_CONFIG + " bytes)"),
                StandardCharsets.UTF_8);
    }

    private static String printable(String named) {
        String kept = named.replaceAll("[^\\w@.:/ -]", "");
        return kept.substring(0, Math.min(100, kept.length()));
    }

    private HttpHandler operator(HttpHandler next) {
        return exchange -> {
            if (!ApiViewers.operatorToken(exchange, holder.get())) {
                JsonResponses.error(exchange, 401, "an operator token is required");
                return;
            }
            next.handleRequest(exchange);
        };
    }

    private static void databaseDown(HttpServerExchange exchange, SQLException e) {
        log.warn("config API: the database failed: {}", e.toString());
        JsonResponses.error(exchange, 503, "the database is unavailable");
    }
}
