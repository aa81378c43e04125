package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.route.Rejection;
import dev.meridian.edge.route.Route;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What happens to a request on its way in (after routing) and to a stored response on its way out
 * (before the edge writes it): the hook for features that change what a client gets without changing
 * what is cached, such as HTML injection and image renditions. {@link #route} and {@link #send} run on
 * the I/O thread.
 */
public interface Outbound {
    /** May rewrite the route (the cache then works on the rewritten one) or refuse the request. */
    default Route route(HttpServerExchange ex, Route route) throws Rejection {
        return route;
    }

    /**
     * Sends a stored response: either through {@code next} exactly once (now, or later from any
     * thread, after dispatching the exchange) or by finishing the exchange itself.
     */
    default void send(HttpServerExchange ex, Route route, CachedResponse response, CacheStatus status, Next next) {
        next.send(response, status);
    }

    /**
     * For a response the edge relays from the origin as it arrives rather than from the cache
     * (pass-through, or too large to hold), once its status and headers are in the exchange: a
     * rewrite of its body, which may first change those headers, or null to relay it unchanged.
     * Runs on the worker thread that relays the response. What is stored is the origin's bytes.
     */
    default BodyRewrite relayed(HttpServerExchange ex, Route route) {
        return null;
    }

    /** A rewrite of a relayed body. */
    interface BodyRewrite {
        /**
         * Copies the whole body from the origin's stream to the client's, rewritten (blocking). When
         * reading the origin fails it throws without finishing the client's stream, so a cut-off
         * body looks cut off; the relay then closes the connection.
         */
        void transfer(InputStream origin, OutputStream client) throws IOException;
    }

    /** The edge's own writer, for an {@link Outbound} to finish with. */
    interface Next {
        /** Writes a response as the edge writes stored ones (conditionals, Age, Via, X-Cache); any thread. */
        void send(CachedResponse response, CacheStatus status);

        /** Adds the edge's own fields (Via, X-Cache) for a response the {@link Outbound} streams itself. */
        void streaming(CacheStatus status);
    }
}
