package dev.meridian.console.portal;

import dev.meridian.console.chart.LineChart;
import dev.meridian.console.chart.Unit;
import dev.meridian.console.chart.Units;
import dev.meridian.console.report.Traffic;
import dev.meridian.console.report.TrafficReport;
import dev.meridian.console.report.Window;
import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * CDN recent activity: the last 24 h of traffic (bits/s) and hits/s per minute for the viewer's
 * properties or the one chosen. "Hits" are requests served, as in the seeds' portal; the cache's own
 * hit ratio is on the usage page.
 */
final class ActivityPage implements PortalHandler {
    private final TrafficReport traffic;
    private final PropertyChoice properties;
    private final Clock clock;

    ActivityPage(TrafficReport traffic, PropertyChoice properties, Clock clock) {
        this.traffic = traffic;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServerExchange exchange, Viewer viewer) {
        String property = properties.chosen(exchange, viewer);
        Window window = Window.last(Window.DAY, clock);
        Traffic day = traffic.perMinute(properties.scope(viewer, property), window);
        String bits = LineChart.render(new LineChart.Spec(
                "Traffic (bits/s) · 24 h total " + Units.bytes(day.bytes().total()), Unit.BITS_PER_SECOND,
                window.start(), Duration.ofMinutes(1), List.of(new LineChart.Line("bits/s", day.bytes().perSecond(8)))));
        String hits = LineChart.render(new LineChart.Spec(
                "Hits/s (requests served) · 24 h total " + Units.count(day.requests().total()) + " requests",
                Unit.PER_SECOND, window.start(), Duration.ofMinutes(1),
                List.of(new LineChart.Line("hits/s", day.requests().perSecond(1)))));
        Pages.render(exchange, "activity.jte", Map.of(
                "viewer", viewer,
                "properties", properties.visible(viewer),
                "property", property == null ? "" : property,
                "trafficChart", bits,
                "hitsChart", hits));
    }
}
