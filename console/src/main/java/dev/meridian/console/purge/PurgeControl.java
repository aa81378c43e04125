package dev.meridian.console.purge;

import dev.meridian.console.db.Database;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.uplink.purge.PurgeProtocol;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import java.util.function.UnaryOperator;

/**
 * Global purge, the console's part: the API ({@link PurgeApi}), the nodes' feed, the portal's Cache
 * Control page ({@link PurgePage}) and the fan-out to the POPs behind them.
 */
public final class PurgeControl implements AutoCloseable {
    private final PurgeStore store;
    private final PurgeFanOut fanOut;
    private final GlobalPurge purges;

    private PurgeControl(PurgeStore store, PurgeFanOut fanOut, GlobalPurge purges) {
        this.store = store;
        this.fanOut = fanOut;
        this.purges = purges;
    }

    public static PurgeControl start(ConfigHolder config, Database database) {
        PurgeStore store = new PurgeStore(database.dataSource());
        PurgeFanOut fanOut = new PurgeFanOut(config, store);
        return new PurgeControl(store, fanOut, new GlobalPurge(config, store, fanOut, new PurgeRateLimit(System::nanoTime)));
    }

    /**
     * Adds the routes. {@code portal} wraps the page's handlers with the session layer (the {@link
     * dev.meridian.console.web.Viewer}, CSRF, form parsing); the API authenticates by itself, with tokens
     * (the session layer would send a token caller to the login page).
     */
    public void routes(RoutingHandler routes, ConfigHolder config, UnaryOperator<HttpHandler> portal) {
        PurgeApi api = new PurgeApi(config, purges, store);
        PurgePage page = new PurgePage(purges, store);
        routes.post("/v1/purge", api.post())
                .get("/v1/purge/{seq}", api.status())
                .get(PurgeProtocol.FEED_PATH, api.feed())
                .get("/purge", portal.apply(page.show()))
                .post("/purge", portal.apply(page.submit()));
    }

    @Override
    public void close() {
        fanOut.close();
    }
}
