package dev.meridian.console.pagecheck;

import dev.meridian.console.web.ApiViewers;
import dev.meridian.console.web.JsonResponses;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.PageCheckReport;
import dev.meridian.uplink.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/pagecheck}: a customer (their token, or their portal session) or an operator (naming
 * the customer) checks a page of the customer's from chosen POPs. One check per customer at a time; a
 * second one meanwhile gets 429.
 */
public final class PageCheckApi {
    static final int MAX_BODY = 16 * 1024;

    private final ConfigHolder holder;
    private final PageChecks checks;

    public PageCheckApi(ConfigHolder holder, PageChecks checks) {
        this.holder = holder;
        this.checks = checks;
    }

    public RoutingHandler addTo(RoutingHandler routes) {
        return routes.add(Methods.POST, "/v1/pagecheck", exchange -> {
            exchange.setMaxEntitySize(MAX_BODY);
            exchange.getRequestReceiver().receiveFullBytes((ex, body) -> ex.dispatch(() -> check(ex, body)),
                    (ex, e) -> JsonResponses.error(ex, 400, "cannot read the body"));
        });
    }

    private void check(HttpServerExchange exchange, byte[] body) {
        PageCheckRequest request;
        try {
            request = WireJson.mapper().readValue(body, PageCheckRequest.class);
        } catch (IOException e) {
            JsonResponses.error(exchange, 400, "give {\"url\": \"http://...\", \"pops\": [...], \"twice\": false}");
            return;
        }
        MeridianConfig config = holder.get();
        Optional<String> customer = caller(exchange, config, request);
        if (customer.isEmpty()) {
            JsonResponses.error(exchange, 401, "a customer's token or login is required (an operator names the customer)");
            return;
        }
        Optional<String> refused = PageChecks.refusal(config, customer.get(), request);
        if (refused.isPresent()) {
            JsonResponses.error(exchange, 400, refused.get());
            return;
        }
        try {
            Optional<List<PageCheckReport>> reports = checks.runIfIdle(config, customer.get(), request);
            if (reports.isEmpty()) {
                JsonResponses.error(exchange, 429, "a page check of " + customer.get() + "'s is running; try again when it ends");
                return;
            }
            JsonResponses.send(exchange, 200, Map.of("url", request.url(), "reports", reports.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JsonResponses.error(exchange, 503, "the console is stopping");
        }
    }

    /** The customer the check is for, by the caller's session or token (an operator names the customer). */
    static Optional<String> caller(HttpServerExchange exchange, MeridianConfig config, PageCheckRequest request) {
        return ApiViewers.of(exchange, config, request.customer())
                .filter(v -> v.operator() || request.customer() == null || request.customer().equals(v.customer()))
                .map(Viewer::customer);
    }
}
