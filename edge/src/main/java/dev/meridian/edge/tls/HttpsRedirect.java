package dev.meridian.edge.tls;

import dev.meridian.core.config.PropertyConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.function.IntSupplier;

/**
 * Sends plain-HTTP requests for a property with {@code httpsRedirect} to the same URL over HTTPS: 301
 * for GET and HEAD, 308 for other methods, which must keep their method and body. Only requests that
 * arrived without TLS on a POP with an HTTPS listener are redirected (the admin listener never is).
 */
public final class HttpsRedirect {
    /** For an edge without an HTTPS listener: nothing is redirected. */
    public static final HttpsRedirect NONE = new HttpsRedirect(() -> 0);
    private static final int DEFAULT_HTTPS_PORT = 443;

    private final IntSupplier httpsPort;

    /** @param httpsPort the port clients reach the HTTPS listener on; 0 while there is none */
    public HttpsRedirect(IntSupplier httpsPort) {
        this.httpsPort = httpsPort;
    }

    /**
     * Answers the exchange with the redirect when the property wants one and the request came in
     * plain; returns whether it did. The Location names the property's host, which the Host header
     * matched.
     */
    public boolean answered(HttpServerExchange ex, PropertyConfig property) {
        if (!property.httpsRedirect() || ex.getConnection().getSslSessionInfo() != null) {
            return false;
        }
        int port = httpsPort.getAsInt();
        if (port <= 0) {
            return false;
        }
        StringBuilder location = new StringBuilder("https://").append(property.host());
        if (port != DEFAULT_HTTPS_PORT) {
            location.append(':').append(port);
        }
        location.append(ex.getRequestURI());
        if (!ex.getQueryString().isEmpty()) {
            location.append('?').append(ex.getQueryString());
        }
        boolean safe = ex.getRequestMethod().equals(Methods.GET) || ex.getRequestMethod().equals(Methods.HEAD);
        ex.setStatusCode(safe ? 301 : 308);
        ex.getResponseHeaders().put(Headers.LOCATION, location.toString());
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
        ex.endExchange();
        return true;
    }
}
