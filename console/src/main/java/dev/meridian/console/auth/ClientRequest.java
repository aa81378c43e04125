package dev.meridian.console.auth;

import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.PortalConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Locale;

/**
 * What a request says about its client: the address (for throttling) and whether it came over TLS (for
 * the cookie's {@code Secure}). Forwarded headers count only when the request comes from one of the
 * configured proxies; from anyone else they are a client's claim and ignored.
 */
final class ClientRequest {
    private static final HttpString FORWARDED_FOR = HttpString.tryFromString("X-Forwarded-For");
    private static final HttpString FORWARDED_PROTO = HttpString.tryFromString("X-Forwarded-Proto");

    private ClientRequest() {
    }

    static boolean secure(HttpServerExchange exchange, PortalConfig portal) {
        if ("https".equals(exchange.getRequestScheme())) {
            return true;
        }
        String proto = exchange.getRequestHeaders().getFirst(FORWARDED_PROTO);
        return proto != null && fromTrustedProxy(exchange, portal) && "https".equals(proto.trim().toLowerCase(Locale.ROOT));
    }

    /** The client's address: the peer's, or the one the proxy appended last to {@code X-Forwarded-For}. */
    static String address(HttpServerExchange exchange, PortalConfig portal) {
        String peer = exchange.getSourceAddress().getAddress().getHostAddress();
        String forwarded = exchange.getRequestHeaders().getLast(FORWARDED_FOR);
        if (forwarded == null || !fromTrustedProxy(exchange, portal)) {
            return peer;
        }
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
        return IpAddresses.isLiteral(last) ? IpAddresses.parse(last).getHostAddress() : peer;
    }

    private static boolean fromTrustedProxy(HttpServerExchange exchange, PortalConfig portal) {
        if (portal.trustedProxies().isEmpty()) {
            return false;
        }
        String peer = exchange.getSourceAddress().getAddress().getHostAddress();
        return portal.trustedProxies().stream().anyMatch(p -> IpAddresses.parse(p).getHostAddress().equals(peer));
    }
}
