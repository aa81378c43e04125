package dev.meridian.uplink.control;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.uplink.wire.ConfigProposal;
import dev.meridian.uplink.wire.ConfigVote;
import dev.meridian.uplink.wire.WireJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;

/**
 * The config push on a node's admin listener: {@code POST /v1/config/prepare} (a {@link ConfigProposal}),
 * {@code POST /v1/config/commit} and {@code /v1/config/abort} ({@code {"version": N}}), and
 * {@code GET /v1/config/version}. Only the console calls them, with this node's own token: knowing it
 * is what proves the caller is the console this node reports to. Answers are {@link ConfigVote}s.
 */
public final class ConfigEndpoints {
    /** A whole network config; far larger than any real one. */
    static final int MAX_BODY = 4 << 20;

    private final ConfigAgent agent;
    private final ConfigHolder holder;

    public ConfigEndpoints(ConfigAgent agent, ConfigHolder holder) {
        this.agent = agent;
        this.holder = holder;
    }

    private record VersionOnly(long version) {
    }

    /** Every endpoint path starts with this; mount {@link #handler()} under it. */
    public static final String PREFIX = "/v1/config";

    /** The endpoints, told apart by the request's full path (whatever prefix handling is in front). */
    public HttpHandler handler() {
        HttpHandler prepare = guarded(body -> {
            ConfigProposal proposal = WireJson.mapper().readValue(body, ConfigProposal.class);
            return agent.prepare(proposal.version(), proposal.yaml());
        });
        HttpHandler commit = guarded(body -> agent.commit(WireJson.mapper().readValue(body, VersionOnly.class).version()));
        HttpHandler abort = guarded(body -> agent.abort(WireJson.mapper().readValue(body, VersionOnly.class).version()));
        HttpHandler version = guarded(body -> new ConfigVote(agent.node(), agent.runningVersion(), true, null));
        return exchange -> {
            boolean post = exchange.getRequestMethod().equals(Methods.POST);
            switch (exchange.getRequestPath()) {
                case PREFIX + "/prepare" -> (post ? prepare : NOT_ALLOWED).handleRequest(exchange);
                case PREFIX + "/commit" -> (post ? commit : NOT_ALLOWED).handleRequest(exchange);
                case PREFIX + "/abort" -> (post ? abort : NOT_ALLOWED).handleRequest(exchange);
                case PREFIX + "/version" -> (post ? NOT_ALLOWED : version).handleRequest(exchange);
                default -> send(exchange, 404, "{\"error\":\"not found\"}");
            }
        };
    }

    private static final HttpHandler NOT_ALLOWED = exchange -> send(exchange, 405, "{\"error\":\"method not allowed\"}");

    @FunctionalInterface
    private interface Action {
        ConfigVote run(byte[] body) throws IOException;
    }

    /** Token check on the I/O thread; the body is read whole (bounded), then the action runs on a worker. */
    private HttpHandler guarded(Action action) {
        return exchange -> {
            if (!authorised(exchange)) {
                send(exchange, 401, "{\"error\":\"this node's console token is required\"}");
                return;
            }
            exchange.setMaxEntitySize(MAX_BODY);
            exchange.getRequestReceiver().receiveFullBytes((ex, body) -> ex.dispatch(() -> {
                try {
                    ConfigVote vote = action.run(body);
                    send(ex, vote.accepted() ? 200 : 409, WireJson.mapper().writeValueAsString(vote));
                } catch (IOException | IllegalArgumentException e) {
                    send(ex, 400, "{\"error\":\"malformed request\"}");
                }
            }), (ex, e) -> send(ex, 400, "{\"error\":\"cannot read the body\"}"));
        };
    }

    private boolean authorised(HttpServerExchange exchange) {
        return ConsoleCaller.isConsole(holder.get(), agent.node(),
                BearerTokens.fromHeader(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION)).orElse(null));
    }

    private static void send(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json);
    }
}
