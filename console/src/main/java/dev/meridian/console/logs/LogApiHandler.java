package dev.meridian.console.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.console.web.ApiViewers;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer API for access logs: {@code GET /v1/logs} lists the caller's files (JSON, newest first,
 * {@code ?from=&to=} as ISO instants, default the last {@value #DEFAULT_DAYS} days), and
 * {@code GET /v1/logs/<name>} downloads one (gzip). Operators name the customer with
 * {@code ?customer=} (required to download; a listing without it covers every customer). A customer
 * asking for another customer's files gets 404, as for a file that does not exist.
 */
final class LogApiHandler {
    static final int DEFAULT_DAYS = 7;
    private static final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ConfigHolder config;
    private final LogArchive archive;
    private final Clock clock;

    LogApiHandler(ConfigHolder config, LogArchive archive, Clock clock) {
        this.config = config;
        this.archive = archive;
        this.clock = clock;
    }

    HttpHandler list() {
        return blocking(ex -> {
            String chosen = param(ex, "customer");
            Viewer viewer = viewer(ex, chosen);
            if (chosen != null && !viewer.mayView(chosen)) {
                throw new Refused(404, "no such customer");
            }
            Instant to = instant(ex, "to", clock.instant().plus(Duration.ofDays(1)));
            Instant from = instant(ex, "from", clock.instant().minus(Duration.ofDays(DEFAULT_DAYS)));
            List<Map<String, Object>> files = archive.list(viewer, from, to).stream().map(LogApiHandler::entry).toList();
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json").put(Headers.CACHE_CONTROL, "no-store");
            ex.getResponseSender().send(json.writeValueAsString(Map.of("files", files)));
        });
    }

    HttpHandler download() {
        return blocking(ex -> {
            String chosen = param(ex, "customer");
            Viewer viewer = viewer(ex, chosen);
            String customer = viewer.operator() ? chosen : viewer.customer();
            if (customer == null) {
                throw new Refused(400, "operators name the customer: ?customer=<id>");
            }
            if (chosen != null && !chosen.equals(customer)) {
                throw new Refused(404, "no such file");
            }
            String name = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("name");
            LogArchive.StoredLog stored = archive.open(viewer, customer, name)
                    .orElseThrow(() -> new Refused(404, "no such file"));
            ex.getResponseHeaders()
                    .put(Headers.CONTENT_TYPE, "application/gzip")
                    .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + customer + "-" + name + "\"")
                    .put(Headers.CACHE_CONTROL, "no-store")
                    .put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff")
                    .put(Headers.CONTENT_LENGTH, stored.file().bytes());
            try (InputStream in = stored.open(); OutputStream out = ex.getOutputStream()) {
                in.transferTo(out);
            }
        });
    }

    private Viewer viewer(HttpServerExchange ex, String chosen) throws Refused {
        return ApiViewers.of(ex, config.get(), chosen)
                .orElseThrow(() -> new Refused(401, "an operator token or the customer's admin token is required"));
    }

    private static Map<String, Object> entry(LogFile f) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("customer", f.customer());
        e.put("name", f.name());
        e.put("node", f.node());
        e.put("bytes", f.bytes());
        e.put("lines", f.lines());
        e.put("sha256", f.sha256());
        e.put("firstTime", f.firstTime());
        e.put("lastTime", f.lastTime());
        e.put("receivedAt", f.receivedAt());
        e.put("url", "/v1/logs/" + f.name() + "?customer=" + f.customer());
        return e;
    }

    private static String param(HttpServerExchange ex, String name) {
        Deque<String> values = ex.getQueryParameters().get(name);
        return values == null || values.isEmpty() || values.peekFirst().isEmpty() ? null : values.peekFirst();
    }

    private static Instant instant(HttpServerExchange ex, String name, Instant otherwise) throws Refused {
        String text = param(ex, name);
        if (text == null) {
            return otherwise;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Refused(400, name + " must be an ISO instant, e.g. 2026-12-07T00:00:00Z");
        }
    }

    /** What a handler body may throw besides a refusal. */
    private interface Body {
        void handle(HttpServerExchange ex) throws Exception;
    }

    /** Runs {@code body} on a worker thread (it reads the database and the disk) and turns refusals into statuses. */
    private static HttpHandler blocking(Body body) {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange ex) throws Exception {
                if (ex.isInIoThread()) {
                    ex.dispatch(this);
                    return;
                }
                ex.startBlocking();
                try {
                    body.handle(ex);
                } catch (Refused r) {
                    ex.setStatusCode(r.status());
                    if (r.status() == 401) {
                        ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                    }
                    ex.getResponseSender().send(r.getMessage() + "\n");
                }
            }
        };
    }
}
