package dev.meridian.console.start;

import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;

/** {@code GET /}: the viewer's hostnames, origins and GTM answers with their health. */
public final class StartPage implements HttpHandler {
    private final ConfigHolder config;
    private final GtmHealth health;

    public StartPage(ConfigHolder config, GtmHealth health) {
        this.config = config;
        this.health = health;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Viewer viewer = exchange.getAttachment(Viewer.KEY);
        StartView view = StartView.of(config.get(), viewer, health.current());
        Pages.render(exchange, "start.jte", Map.of("viewer", viewer, "view", view));
    }
}
