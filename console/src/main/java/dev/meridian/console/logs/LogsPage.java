package dev.meridian.console.logs;

import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code GET /logs}: the viewer's raw access log files of the last 30 days, newest first, to download. */
final class LogsPage implements HttpHandler {
    static final Duration SHOWN = Duration.ofDays(30);

    private final LogArchive archive;
    private final Clock clock;

    LogsPage(LogArchive archive, Clock clock) {
        this.archive = archive;
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Viewer viewer = exchange.getAttachment(Viewer.KEY);
        Instant now = clock.instant();
        Pages.render(exchange, "logs.jte", Map.of("viewer", viewer,
                "files", archive.list(viewer, now.minus(SHOWN), now.plus(Duration.ofDays(1)))));
    }
}
