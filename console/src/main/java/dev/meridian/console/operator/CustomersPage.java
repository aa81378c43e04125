package dev.meridian.console.operator;

import dev.meridian.console.auth.User;
import dev.meridian.console.auth.Users;
import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.PropertyConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code GET /operator/customers}: every customer with what it has, and the button to look at it. */
public final class CustomersPage implements HttpHandler {
    private final ConfigHolder config;
    private final Users users;

    public CustomersPage(ConfigHolder config, Users users) {
        this.config = config;
        this.users = users;
    }

    /**
     * One customer's line.
     *
     * @param cdnHostnames properties served through the POPs
     * @param gtmHostnames properties answered by the GTM with their own servers only
     * @param logins       portal users of the customer
     */
    public record Row(String id, int cdnHostnames, int gtmHostnames, long logins, boolean chosen) {
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Viewer viewer = exchange.getAttachment(Viewer.KEY);
        Map<String, Long> logins = users.list().stream().filter(u -> u.customer() != null)
                .collect(Collectors.groupingBy(User::customer, Collectors.counting()));
        List<Row> rows = config.get().customers().stream().map(c -> row(c, logins, viewer)).toList();
        Pages.render(exchange, "operator/customers.jte", Map.of("viewer", viewer, "rows", rows));
    }

    private static Row row(CustomerConfig c, Map<String, Long> logins, Viewer viewer) {
        int cdn = (int) c.properties().stream().filter(p -> !p.origins().isEmpty()).count();
        int gtm = (int) c.properties().stream().filter(CustomersPage::gtmOnly).count();
        return new Row(c.id(), cdn, gtm, logins.getOrDefault(c.id(), 0L), c.id().equals(viewer.customer()));
    }

    private static boolean gtmOnly(PropertyConfig p) {
        return p.origins().isEmpty() && p.dns() != null && !p.dns().servers().isEmpty();
    }
}
