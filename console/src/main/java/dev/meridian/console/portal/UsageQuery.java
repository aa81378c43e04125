package dev.meridian.console.portal;

import dev.meridian.console.report.Granularity;
import dev.meridian.console.report.UsageReport;
import dev.meridian.console.report.UsageRow;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What the usage page and its exports show for one request: the granularity and property it names,
 * scoped to the viewer. The page and both exports read through here, so they cannot differ in scope.
 */
final class UsageQuery {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final UsageReport usage;
    private final PropertyChoice properties;
    private final Clock clock;

    UsageQuery(UsageReport usage, PropertyChoice properties, Clock clock) {
        this.usage = usage;
        this.properties = properties;
        this.clock = clock;
    }

    /** The rows a request asks for. */
    record Result(Granularity granularity, String property, List<UsageRow> rows) {
    }

    Result run(HttpServerExchange exchange, Viewer viewer) {
        String property = properties.chosen(exchange, viewer);
        String key = PropertyChoice.parameter(exchange, "granularity");
        Granularity granularity = key == null || key.isEmpty() ? Granularity.DAY
                : Granularity.parse(key).orElseThrow(() -> new BadRequestException("unknown granularity " + key));
        return new Result(granularity, property, usage.usage(properties.scope(viewer, property), granularity.buckets(clock)));
    }

    PropertyChoice properties() {
        return properties;
    }

    /** A bucket's start as the page and the CSV name it, e.g. "2026-12-07" for a day (UTC). */
    static String bucket(Granularity granularity, Instant start) {
        return switch (granularity) {
            case HOUR -> HOUR.format(start);
            case DAY -> DAY.format(start);
            case MONTH -> MONTH.format(start);
        };
    }
}
