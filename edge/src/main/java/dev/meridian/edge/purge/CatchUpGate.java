package dev.meridian.edge.purge;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.BooleanSupplier;

/**
 * In front of the client listener while the POP catches up on purges ({@link ConsolePurgeSync#open()}):
 * 503 with {@code Retry-After}, so nothing purged while the POP was away is served from its disk. The GTM
 * sees the POP unhealthy meanwhile and sends clients elsewhere.
 */
public final class CatchUpGate implements HttpHandler {
    private final HttpHandler next;
    private final BooleanSupplier open;

    public CatchUpGate(HttpHandler next, BooleanSupplier open) {
        this.next = next;
        this.open = open;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (open.getAsBoolean()) {
            next.handleRequest(ex);
            return;
        }
        ex.setStatusCode(503);
        ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        ex.getResponseSender().send("this POP is catching up on purges; try again shortly\n");
    }
}
