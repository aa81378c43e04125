package dev.meridian.console.operator;

import dev.meridian.console.auth.SessionHandler;
import dev.meridian.console.auth.SessionStore;
import dev.meridian.console.web.ErrorPage;
import dev.meridian.core.config.ConfigHolder;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.util.Headers;

/**
 * {@code POST /operator/customers}: an operator chooses which customer the portal shows (form field
 * {@code customer}; empty for every customer). The choice belongs to the session, so it holds on every
 * console and ends with it.
 */
public final class ChooseCustomer implements HttpHandler {
    private final ConfigHolder config;
    private final SessionStore sessions;

    public ChooseCustomer(ConfigHolder config, SessionStore sessions) {
        this.config = config;
        this.sessions = sessions;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        FormData form = exchange.getAttachment(FormDataParser.FORM_DATA);
        FormData.FormValue value = form.getFirst("customer");
        String customer = value == null || value.isFileItem() || value.getValue().isEmpty() ? null : value.getValue();
        if (customer != null && config.get().customers().stream().noneMatch(c -> c.id().equals(customer))) {
            ErrorPage.send(exchange, 400, "No such customer", "No customer " + customer + " is configured.");
            return;
        }
        sessions.chooseCustomer(exchange.getAttachment(SessionHandler.SESSION).idHash(), customer);
        exchange.setStatusCode(303);
        exchange.getResponseHeaders().put(Headers.LOCATION, "/");
        exchange.endExchange();
    }
}
