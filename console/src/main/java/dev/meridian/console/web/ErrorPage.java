package dev.meridian.console.web;

import io.undertow.server.HttpServerExchange;
import java.util.HashMap;
import java.util.Map;

/** A refusal or failure as a page in the portal's frame (with the nav when someone is logged in). */
public final class ErrorPage {
    private ErrorPage() {
    }

    public static void send(HttpServerExchange exchange, int status, String title, String message) {
        Map<String, Object> params = new HashMap<>();
        params.put("title", title);
        params.put("message", message);
        params.put("viewer", exchange.getAttachment(Viewer.KEY));
        exchange.setStatusCode(status);
        Pages.render(exchange, "error.jte", params);
    }
}
