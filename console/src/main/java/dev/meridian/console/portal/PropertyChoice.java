package dev.meridian.console.portal;

import dev.meridian.console.report.Scope;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.PropertyConfig;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.List;

/**
 * The properties a viewer may pick from (the network config's, of the viewer's customer, or of all
 * customers for an operator who chose none) and the one a URL's {@code property} parameter picks.
 */
final class PropertyChoice {
    private final ConfigHolder config;

    PropertyChoice(ConfigHolder config) {
        this.config = config;
    }

    /** Every property the viewer may see, sorted by hostname. */
    List<String> visible(Viewer viewer) {
        return config.get().customers().stream()
                .filter(c -> viewer.customer() == null ? viewer.operator() : viewer.customer().equals(c.id()))
                .map(CustomerConfig::properties)
                .flatMap(List::stream)
                .map(PropertyConfig::host)
                .sorted()
                .toList();
    }

    /**
     * The property the request names, or null for "all of them" when it names none.
     *
     * @throws NotFoundException if it names one the viewer may not see (another customer's, or none at all)
     */
    String chosen(HttpServerExchange exchange, Viewer viewer) {
        String property = parameter(exchange, "property");
        if (property == null || property.isEmpty()) {
            return null;
        }
        if (!visible(viewer).contains(property)) {
            throw new NotFoundException("property " + property);
        }
        return property;
    }

    /**
     * What the viewer looks at as a report {@link Scope}, {@code property} being {@link #chosen}'s. A
     * property an operator picked without choosing a customer is scoped to its owner, so that every
     * query for one property names its customer too and reads the (customer, property, minute) indexes.
     */
    Scope scope(Viewer viewer, String property) {
        Scope scope = Scope.of(viewer, property);
        if (scope.customer() != null || property == null) {
            return scope;
        }
        String owner = config.get().customers().stream()
                .filter(c -> c.properties().stream().anyMatch(p -> p.host().equals(property)))
                .map(CustomerConfig::id)
                .findFirst()
                .orElseThrow(() -> new NotFoundException("property " + property));
        return new Scope(owner, property);
    }

    static String parameter(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }
}
