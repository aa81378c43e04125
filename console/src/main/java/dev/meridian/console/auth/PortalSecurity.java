package dev.meridian.console.auth;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.PortalConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's login and security layer: users, sessions, throttling, the login and logout routes, and
 * the wrappers every portal page goes through ({@link #page}, {@link #operatorPage}). Expired sessions
 * and old login failures are swept every few minutes.
 */
public final class PortalSecurity implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PortalSecurity.class);
    private static final long SWEEP_MINUTES = 5;

    private final Supplier<PortalConfig> config;
    private final Users users;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final LoginPages login;
    private final ScheduledExecutorService sweeper;

    private PortalSecurity(DataSource db, Supplier<PortalConfig> config, Clock clock, PasswordHasher hasher) {
        this.config = config;
        this.users = new Users(db, clock);
        this.sessions = new SessionStore(db, clock, config);
        this.throttle = new LoginThrottle(db, clock);
        this.login = new LoginPages(users, sessions, throttle, hasher, config);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("portal-sweeper"));
    }

    public static PortalSecurity start(DataSource db, Supplier<PortalConfig> config, Clock clock, PasswordHasher hasher) {
        PortalSecurity security = new PortalSecurity(db, config, clock, hasher);
        security.sweeper.scheduleWithFixedDelay(security::sweep, SWEEP_MINUTES, SWEEP_MINUTES, TimeUnit.MINUTES);
        return security;
    }

    /** {@code /login} and {@code /logout}. */
    public void addRoutes(RoutingHandler routes) {
        routes.get("/login", new BlockingHandler(login::form))
                .post("/login", new BlockingHandler(login::submit))
                .post("/logout", page(login::logout));
    }

    /** {@code handler} for logged-in users only, CSRF-checked, with the Viewer attached. */
    public HttpHandler page(HttpHandler handler) {
        return new SessionHandler(sessions, config, false, handler);
    }

    /** As {@link #page}, and refused (403) to anyone but an operator. */
    public HttpHandler operatorPage(HttpHandler handler) {
        return new SessionHandler(sessions, config, true, handler);
    }

    public Users users() {
        return users;
    }

    public SessionStore sessions() {
        return sessions;
    }

    void sweep() {
        try {
            int ended = sessions.purgeExpired();
            int forgotten = throttle.forgetOld();
            if (ended + forgotten > 0) {
                log.debug("swept {} expired sessions and {} old login failure records", ended, forgotten);
            }
        } catch (RuntimeException e) {
            log.warn("could not sweep expired sessions: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
