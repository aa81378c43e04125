package dev.meridian.console.auth;

import dev.meridian.console.web.ErrorPage;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.PortalConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stands in front of every portal page: finds the request's session (on a worker thread, as it reads the
 * database), sends a browser without one to the login page, refuses a non-GET request whose form does not
 * carry the session's CSRF token, and attaches the {@link Viewer} (and the parsed form) for the page.
 */
public final class SessionHandler implements HttpHandler {
    /** The session behind the viewer, for the handlers that change it (logout, an operator's customer). */
    public static final AttachmentKey<SessionStore.Active> SESSION = AttachmentKey.create(SessionStore.Active.class);

    private final SessionStore sessions;
    private final Supplier<PortalConfig> config;
    private final boolean operatorsOnly;
    private final HttpHandler next;

    SessionHandler(SessionStore sessions, Supplier<PortalConfig> config, boolean operatorsOnly, HttpHandler next) {
        this.sessions = sessions;
        this.config = config;
        this.operatorsOnly = operatorsOnly;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        boolean secure = ClientRequest.secure(exchange, config.get());
        Optional<SessionStore.Active> session = PortalCookies.session(exchange, secure).flatMap(sessions::find);
        boolean reading = exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD);
        if (session.isEmpty()) {
            toLogin(exchange, reading);
            return;
        }
        Viewer viewer = session.get().viewer();
        exchange.putAttachment(Viewer.KEY, viewer);
        exchange.putAttachment(SESSION, session.get());
        if (!reading) {
            Optional<FormData> form = Forms.parse(exchange);
            if (form.isEmpty() || !Forms.tokenMatches(viewer.csrfToken(), Forms.field(form.get(), "csrf"))) {
                ErrorPage.send(exchange, 403, "Refused", "This form was not sent from a page of this session. "
                        + "Reload the page and try again.");
                return;
            }
        }
        if (operatorsOnly && !viewer.operator()) {
            ErrorPage.send(exchange, 403, "Operators only", "This page is for the network's operators.");
            return;
        }
        next.handleRequest(exchange);
    }

    /** A page asked for comes back after the login; a form sent without a session is not replayed. */
    private static void toLogin(HttpServerExchange exchange, boolean reading) {
        String target = "/login";
        if (reading) {
            String path = exchange.getRequestPath();
            String query = exchange.getQueryString();
            String here = query == null || query.isEmpty() ? path : path + "?" + query;
            if (!here.equals("/")) {
                target += "?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8);
            }
        }
        exchange.setStatusCode(reading ? 302 : 303);
        exchange.getResponseHeaders().put(Headers.LOCATION, target);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.endExchange();
    }
}
