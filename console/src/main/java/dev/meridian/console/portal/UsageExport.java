package dev.meridian.console.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.console.report.UsageRow;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code /usage.csv} and {@code /usage.json}: the usage page's rows, in the same scope, to download. */
final class UsageExport implements PortalHandler {
    private static final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The export formats. */
    enum Format { CSV, JSON }

    /** The JSON document: what was asked for and its rows. */
    record Document(String granularity, String property, List<Row> rows) {
    }

    /** A row in JSON, the hit ratio as a decimal with four places as in the CSV. */
    record Row(Instant periodStart, String customer, String property, long requests, long bytesToClients, long hits,
               BigDecimal hitRatio, long bytesFromOrigin, long dnsAnswers, long renditionBytesStored) {
        static Row of(UsageRow r) {
            return new Row(r.start(), r.customer(), r.property(), r.requests(), r.bytesToClients(), r.hits(),
                    new BigDecimal(UsageCsv.ratio(r.hitRatio())), r.bytesFromOrigin(), r.dnsAnswers(),
                    r.renditionBytesStored());
        }
    }

    private final UsageQuery query;
    private final Format format;

    UsageExport(UsageQuery query, Format format) {
        this.query = query;
        this.format = format;
    }

    @Override
    public void handle(HttpServerExchange exchange, Viewer viewer) throws Exception {
        UsageQuery.Result result = query.run(exchange, viewer);
        String name = "usage-" + result.granularity().key();
        String body;
        if (format == Format.CSV) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/csv; charset=utf-8; header=present")
                    .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"");
            body = UsageCsv.write(result.granularity(), result.rows());
        } else {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json")
                    .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".json\"");
            body = json.writeValueAsString(new Document(result.granularity().key(), result.property(),
                    result.rows().stream().map(Row::of).toList()));
        }
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store").put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(body);
    }
}
