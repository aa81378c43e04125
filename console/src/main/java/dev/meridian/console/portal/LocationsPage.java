package dev.meridian.console.portal;

import dev.meridian.console.chart.BarChart;
import dev.meridian.console.chart.Units;
import dev.meridian.console.report.Period;
import dev.meridian.console.report.PopTotal;
import dev.meridian.console.report.TrafficReport;
import dev.meridian.console.report.Window;
import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** By location: what each POP served over the chosen period, as bars, the busiest first. */
final class LocationsPage implements PortalHandler {
    private final TrafficReport traffic;
    private final PropertyChoice properties;
    private final Clock clock;

    LocationsPage(TrafficReport traffic, PropertyChoice properties, Clock clock) {
        this.traffic = traffic;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServerExchange exchange, Viewer viewer) {
        String property = properties.chosen(exchange, viewer);
        Period period = period(PropertyChoice.parameter(exchange, "period"));
        Window window = period.window(clock);
        List<PopTotal> pops = traffic.perPop(properties.scope(viewer, property), period, window);
        long bytes = pops.stream().mapToLong(PopTotal::bytes).sum();
        long requests = pops.stream().mapToLong(PopTotal::count).sum();
        String chart = BarChart.render("Traffic by POP, " + period.label() + " · total " + Units.bytes(bytes),
                pops.stream().map(p -> new BarChart.Bar(p.pop(), p.bytes(),
                        Units.bytes(p.bytes()) + " · " + Units.count(p.count()) + " requests")).toList());
        Pages.render(exchange, "locations.jte", Map.of(
                "viewer", viewer,
                "properties", properties.visible(viewer),
                "property", property == null ? "" : property,
                "periods", List.of(Period.values()),
                "period", period,
                "chart", chart,
                "totalBytes", Units.bytes(bytes),
                "totalRequests", Units.count(requests)));
    }

    private static Period period(String key) {
        if (key == null || key.isEmpty()) {
            return Period.DAY;
        }
        return Period.parse(key).orElseThrow(() -> new BadRequestException("unknown period " + key));
    }
}
