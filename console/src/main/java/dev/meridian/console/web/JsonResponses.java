package dev.meridian.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.uplink.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Map;

/** JSON answers of the console's API, errors as {@code {"error": "..."}}. */
public final class JsonResponses {
    private JsonResponses() {
    }

    public static void send(HttpServerExchange exchange, int status, Object body) {
        String json;
        try {
            json = WireJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json").put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json);
    }

    public static void error(HttpServerExchange exchange, int status, String message) {
        send(exchange, status, Map.of("error", message));
    }
}
