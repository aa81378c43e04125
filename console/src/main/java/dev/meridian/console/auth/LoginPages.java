package dev.meridian.console.auth;

import dev.meridian.console.web.ErrorPage;
import dev.meridian.console.web.Pages;
import dev.meridian.core.config.PortalConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.util.Headers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /login} (the form), {@code POST /login} (check and start a session), {@code POST /logout}.
 * A failed login says the same, and costs the same hash, whether the login name exists or not.
 */
final class LoginPages {
    private static final Logger log = LoggerFactory.getLogger(LoginPages.class);
    private static final String WRONG = "Wrong login or password.";
    private static final int MAX_PASSWORD = 1024;

    private final Users users;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher;
    private final Supplier<PortalConfig> config;
    private final SecureRandom random = new SecureRandom();
    /** Verified in place of a real hash for an unknown or disabled login, so it takes as long as a real one. */
    private final String decoy;

    LoginPages(Users users, SessionStore sessions, LoginThrottle throttle, PasswordHasher hasher, Supplier<PortalConfig> config) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.hasher = hasher;
        this.config = config;
        this.decoy = hasher.hash(token());
    }

    void form(HttpServerExchange exchange) {
        boolean secure = ClientRequest.secure(exchange, config.get());
        String next = LocalPaths.safeNext(exchange.getQueryParameters().containsKey("next")
                ? exchange.getQueryParameters().get("next").getFirst() : null);
        if (PortalCookies.session(exchange, secure).flatMap(sessions::find).isPresent()) {
            redirect(exchange, next);
            return;
        }
        renderForm(exchange, 200, secure, next, "", null);
    }

    void submit(HttpServerExchange exchange) {
        boolean secure = ClientRequest.secure(exchange, config.get());
        Optional<FormData> parsed = Forms.parse(exchange);
        if (parsed.isEmpty() || !Forms.tokenMatches(PortalCookies.loginToken(exchange, secure).orElse(null),
                Forms.field(parsed.get(), "csrf"))) {
            ErrorPage.send(exchange, 403, "Refused", "This login form has expired or was not sent from this console. "
                    + "Open the login page again.");
            return;
        }
        FormData form = parsed.get();
        String login = Users.normalize(Forms.field(form, "login"));
        String password = String.valueOf(Forms.field(form, "password"));
        String next = LocalPaths.safeNext(Forms.field(form, "next"));
        String address = ClientRequest.address(exchange, config.get());
        Duration blocked = throttle.blockedFor(login, address);
        if (!blocked.isZero()) {
            long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, seconds);
            ErrorPage.send(exchange, 429, "Too many attempts", "Too many failed logins. Try again in " + seconds
                    + (seconds == 1 ? " second." : " seconds."));
            return;
        }
        Optional<User> user = users.find(login).filter(u -> !u.disabled());
        boolean matches = password.length() <= MAX_PASSWORD
                && hasher.verify(password, user.map(User::passwordHash).orElse(decoy));
        if (!matches || user.isEmpty()) {
            throttle.failed(login, address);
            log.info("failed portal login for {} from {}", login.isEmpty() ? "(none)" : login, address);
            renderForm(exchange, 401, secure, next, login, WRONG);
            return;
        }
        User u = user.get();
        throttle.succeeded(login);
        if (hasher.needsRehash(u.passwordHash())) {
            users.updateHash(u.id(), hasher.hash(password));
        }
        PortalCookies.setSession(exchange, sessions.create(u), secure);
        log.info("portal login: {} ({}) from {}", u.login(), u.customer() == null ? "operator" : u.customer(), address);
        redirect(exchange, next);
    }

    void logout(HttpServerExchange exchange) {
        sessions.delete(exchange.getAttachment(SessionHandler.SESSION).idHash());
        PortalCookies.clearSession(exchange, ClientRequest.secure(exchange, config.get()));
        redirect(exchange, "/login");
    }

    private void renderForm(HttpServerExchange exchange, int status, boolean secure, String next, String login, String error) {
        String token = PortalCookies.loginToken(exchange, secure).orElse(null);
        if (token == null) {
            token = token();
            PortalCookies.setLoginToken(exchange, token, secure);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("next", next);
        params.put("login", login);
        params.put("error", error);
        params.put("csrf", token);
        exchange.setStatusCode(status);
        Pages.render(exchange, "login.jte", params);
    }

    private static void redirect(HttpServerExchange exchange, String to) {
        exchange.setStatusCode(303);
        exchange.getResponseHeaders().put(Headers.LOCATION, to);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.endExchange();
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
