package dev.meridian.gtm.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.gtm.state.Health;
import dev.meridian.gtm.state.NetworkState;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of and hand on address health: {@code GET /v1/addresses} lists every configured
 * address with what the network state says of it; {@code POST /v1/addresses/{address}/up|down} marks one,
 * and {@code .../auto} clears the mark so probes decide again. Every call needs an operator bearer token.
 */
public final class OperatorApi {
    private static final Logger log = LoggerFactory.getLogger(OperatorApi.class);
    private static final ObjectMapper json = new ObjectMapper();

    private final NetworkState state;
    private final Supplier<Collection<String>> operatorTokens;
    private final Supplier<Map<String, List<String>>> configuredAddresses;
    private final Clock clock;

    /** @param configuredAddresses each configured address with the hostnames it serves */
    public OperatorApi(NetworkState state, Supplier<Collection<String>> operatorTokens,
                       Supplier<Map<String, List<String>>> configuredAddresses, Clock clock) {
        this.state = state;
        this.operatorTokens = operatorTokens;
        this.configuredAddresses = configuredAddresses;
        this.clock = clock;
    }

    public HttpHandler list() {
        return authorized(exchange -> {
            Map<String, Object> out = new LinkedHashMap<>();
            configuredAddresses.get().forEach((address, hostnames) -> {
                Health h = state.health(IpAddresses.parse(address), clock.instant());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("status", h.status().name().toLowerCase(Locale.ROOT));
                entry.put("source", h.source());
                entry.put("observedAt", h.observedAt() == null ? null : h.observedAt().toString());
                entry.put("hostnames", hostnames);
                out.put(address, entry);
            });
            send(exchange, 200, out);
        });
    }

    public HttpHandler mark() {
        return authorized(exchange -> {
            Map<String, String> params = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters();
            String address = params.get("address");
            String action = params.get("action");
            if (!List.of("up", "down", "auto").contains(action)) {
                send(exchange, 404, Map.of("error", "action must be up, down or auto"));
                return;
            }
            if (!IpAddresses.isLiteral(address) || !configuredAddresses.get().containsKey(address)) {
                send(exchange, 404, Map.of("error", "not a configured address: " + address));
                return;
            }
            Boolean up = switch (action) {
                case "up" -> Boolean.TRUE;
                case "down" -> Boolean.FALSE;
                default -> null;
            };
            InetAddress a = IpAddresses.parse(address);
            state.overrideHealth(a, up, clock.instant());
            log.info("operator marked {} {} (from {})", address, action, exchange.getSourceAddress());
            send(exchange, 200, Map.of("address", address, "status",
                    state.health(a, clock.instant()).status().name().toLowerCase(Locale.ROOT)));
        });
    }

    /** Wraps {@code next} so it runs only for a request with an operator bearer token. */
    public HttpHandler authorized(HttpHandler next) {
        return exchange -> {
            String token = BearerTokens.fromHeader(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION)).orElse(null);
            if (token == null || !BearerTokens.matchesAny(token, operatorTokens.get())) {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                send(exchange, 401, Map.of("error", "an operator bearer token is required"));
                return;
            }
            next.handleRequest(exchange);
        };
    }

    private static void send(HttpServerExchange exchange, int status, Object body) throws Exception {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json.writeValueAsString(body));
    }
}
