package dev.meridian.console.portal;

import dev.meridian.console.chart.Units;
import dev.meridian.console.report.Granularity;
import dev.meridian.console.report.UsageRow;
import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpServerExchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Usage per property per hour, day or month, with links to the same rows as CSV and JSON. */
final class UsagePage implements PortalHandler {
    private final UsageQuery query;

    UsagePage(UsageQuery query) {
        this.query = query;
    }

    @Override
    public void handle(HttpServerExchange exchange, Viewer viewer) {
        UsageQuery.Result result = query.run(exchange, viewer);
        List<UsageLine> lines = result.rows().stream().map(r -> line(result.granularity(), r)).toList();
        String exportQuery = "?granularity=" + result.granularity().key()
                + (result.property() == null ? "" : "&property=" + URLEncoder.encode(result.property(), StandardCharsets.UTF_8));
        Pages.render(exchange, "usage.jte", Map.of(
                "viewer", viewer,
                "properties", query.properties().visible(viewer),
                "property", result.property() == null ? "" : result.property(),
                "granularities", List.of(Granularity.values()),
                "granularity", result.granularity(),
                "lines", lines,
                "exportQuery", exportQuery));
    }

    private static UsageLine line(Granularity granularity, UsageRow row) {
        return new UsageLine(UsageQuery.bucket(granularity, row.start()), row.customer(), row.property(),
                Units.count(row.requests()), Units.bytes(row.bytesToClients()),
                row.requests() == 0 ? "–" : Units.percent(row.hitRatio()), Units.bytes(row.bytesFromOrigin()),
                Units.count(row.dnsAnswers()), Units.bytes(row.renditionBytesStored()));
    }
}
