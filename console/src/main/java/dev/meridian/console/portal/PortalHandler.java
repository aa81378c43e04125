package dev.meridian.console.portal;

import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpServerExchange;

/** A portal page or export: handles one request for the viewer the session layer attached. */
@FunctionalInterface
interface PortalHandler {
    void handle(HttpServerExchange exchange, Viewer viewer) throws Exception;
}
