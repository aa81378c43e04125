package dev.meridian.console.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import java.util.Optional;

/**
 * The portal's two cookies, both HttpOnly and SameSite, {@code Secure} with a {@code __Host-} name when
 * the request came over TLS (the prefix makes the browser refuse the cookie from plain HTTP or another
 * path or domain):
 * <ul>
 *   <li>the session: its random id, for the whole site;</li>
 *   <li>the login form's token: what the login form must post back, so another site cannot log a
 *       browser into an account of its choosing (login CSRF).</li>
 * </ul>
 * Neither has an expiry: the browser drops them when it closes, the database ends sessions sooner.
 */
final class PortalCookies {
    static final String SESSION = "meridian_session";
    static final String SESSION_TLS = "__Host-meridian";
    static final String LOGIN = "meridian_login";
    static final String LOGIN_TLS = "__Host-meridian_login";

    private PortalCookies() {
    }

    static Optional<String> session(HttpServerExchange exchange, boolean secure) {
        return read(exchange, secure ? SESSION_TLS : SESSION);
    }

    static void setSession(HttpServerExchange exchange, String id, boolean secure) {
        exchange.setResponseCookie(cookie(secure ? SESSION_TLS : SESSION, id, secure));
    }

    static void clearSession(HttpServerExchange exchange, boolean secure) {
        exchange.setResponseCookie(cookie(secure ? SESSION_TLS : SESSION, "", secure).setMaxAge(0));
    }

    static Optional<String> loginToken(HttpServerExchange exchange, boolean secure) {
        return read(exchange, secure ? LOGIN_TLS : LOGIN);
    }

    static void setLoginToken(HttpServerExchange exchange, String token, boolean secure) {
        // Strict: a login form posted from another site gets no token, and so no login.
        exchange.setResponseCookie(cookie(secure ? LOGIN_TLS : LOGIN, token, secure).setSameSiteMode("Strict"));
    }

    private static Optional<String> read(HttpServerExchange exchange, String name) {
        Cookie c = exchange.getRequestCookie(name);
        return c == null || c.getValue() == null || c.getValue().isEmpty() ? Optional.empty() : Optional.of(c.getValue());
    }

    private static Cookie cookie(String name, String value, boolean secure) {
        return new CookieImpl(name, value).setPath("/").setHttpOnly(true).setSecure(secure).setSameSiteMode("Lax");
    }
}
