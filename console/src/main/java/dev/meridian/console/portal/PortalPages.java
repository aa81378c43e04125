package dev.meridian.console.portal;

import dev.meridian.console.db.Database;
import dev.meridian.console.report.GtmReport;
import dev.meridian.console.report.TrafficReport;
import dev.meridian.console.report.UsageReport;
import dev.meridian.core.config.ConfigHolder;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import java.time.Clock;

/**
 * The portal's traffic and usage pages: CDN recent activity, by location, GTM recent activity, usage
 * and its CSV/JSON export. Each sits behind {@code sessions}, which attaches the viewer (or answers
 * itself: a login redirect, a refused CSRF token) before a page runs.
 */
public final class PortalPages {
    private PortalPages() {
    }

    public static void register(RoutingHandler routes, HandlerWrapper sessions, Database database, ConfigHolder config,
                                Clock clock) {
        PropertyChoice properties = new PropertyChoice(config);
        TrafficReport traffic = new TrafficReport(database);
        UsageQuery usage = new UsageQuery(new UsageReport(database), properties, clock);
        routes.get("/activity", page(sessions, new ActivityPage(traffic, properties, clock)))
                .get("/locations", page(sessions, new LocationsPage(traffic, properties, clock)))
                .get("/gtm", page(sessions, new GtmPage(new GtmReport(database), properties, clock)))
                .get("/usage", page(sessions, new UsagePage(usage)))
                .get("/usage.csv", page(sessions, new UsageExport(usage, UsageExport.Format.CSV)))
                .get("/usage.json", page(sessions, new UsageExport(usage, UsageExport.Format.JSON)));
    }

    private static HttpHandler page(HandlerWrapper sessions, PortalHandler page) {
        return sessions.wrap(new ViewerHandler(page));
    }
}
