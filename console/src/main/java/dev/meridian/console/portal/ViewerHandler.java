package dev.meridian.console.portal;

import dev.meridian.console.report.ReportException;
import dev.meridian.console.web.ErrorPage;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PortalHandler} for the exchange's {@link Viewer} on a worker thread (pages read the
 * database), answering 404 for what the viewer may not see and 500 when the database fails.
 */
final class ViewerHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ViewerHandler.class);

    private final PortalHandler page;

    ViewerHandler(PortalHandler page) {
        this.page = page;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        Viewer viewer = exchange.getAttachment(Viewer.KEY);
        if (viewer == null) {
            // The session layer runs first and attaches one or answers itself; a page reached without is miswired.
            log.error("portal page {} reached without a viewer: the session layer is not in front of it",
                    exchange.getRequestPath());
            plain(exchange, 403, "forbidden\n");
            return;
        }
        try {
            page.handle(exchange, viewer);
        } catch (NotFoundException e) {
            ErrorPage.send(exchange, 404, "Not found", "There is no such property among yours.");
        } catch (BadRequestException e) {
            ErrorPage.send(exchange, 400, "Bad request", e.getMessage());
        } catch (ReportException e) {
            log.warn("{} for {}: {}", exchange.getRequestPath(), viewer.user(), e.getMessage());
            ErrorPage.send(exchange, 500, "Try again shortly", "The console's database did not answer.");
        }
    }

    private static void plain(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(body);
    }
}
