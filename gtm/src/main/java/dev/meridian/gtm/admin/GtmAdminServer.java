package dev.meridian.gtm.admin;

import dev.meridian.admin.AdminEndpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/** The GTM's admin listener: {@code /metrics}, {@code /healthz} and the operator API. */
public final class GtmAdminServer implements AutoCloseable {
    private final Undertow undertow;

    private GtmAdminServer(Undertow undertow) {
        this.undertow = undertow;
    }

    public static GtmAdminServer start(InetSocketAddress listen, PrometheusMeterRegistry registry, BooleanSupplier healthy,
                                       OperatorApi api) {
        return start(listen, registry, healthy, api, routes -> { });
    }

    /** As above, with further routes (the probes' map, health and load endpoints). */
    public static GtmAdminServer start(InetSocketAddress listen, PrometheusMeterRegistry registry, BooleanSupplier healthy,
                                       OperatorApi api, java.util.function.Consumer<RoutingHandler> moreRoutes) {
        RoutingHandler routes = Handlers.routing()
                .get("/metrics", AdminEndpoints.metrics(registry))
                .get("/healthz", AdminEndpoints.health(healthy))
                .get("/v1/addresses", api.list())
                .add(Methods.POST, "/v1/addresses/{address}/{action}", api.mark())
                .setFallbackHandler(exchange -> exchange.setStatusCode(404).getResponseSender().send("not found\n"));
        moreRoutes.accept(routes);
        Undertow undertow = Undertow.builder()
                .addHttpListener(listen.getPort(), listen.getHostString())
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setHandler(routes)
                .build();
        undertow.start();
        return new GtmAdminServer(undertow);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
