package dev.meridian.edge.pagecheck;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.uplink.control.ConsoleCaller;
import dev.meridian.uplink.wire.PageCheckOrder;
import dev.meridian.uplink.wire.PageCheckReport;
import dev.meridian.uplink.wire.WireJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/pagecheck} on the POP's admin listener: the console, with this POP's node token, asks
 * for a {@link PageCheckOrder} and gets a {@link PageCheckReport}. At most {@link #AT_ONCE} checks run at
 * a time, on threads of their own; more are refused with 429 rather than queued behind a slow page.
 */
public final class PageCheckHandler implements HttpHandler, AutoCloseable {
    public static final String PATH = "/v1/pagecheck";
    static final int AT_ONCE = 2;

    private final String pop;
    private final ConfigHolder config;
    private final PageCheck check;
    private final ThreadPoolExecutor threads = new ThreadPoolExecutor(AT_ONCE, AT_ONCE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.numbered("pagecheck-"));

    public PageCheckHandler(String pop, ConfigHolder config, PageCheck check) {
        this.pop = pop;
        this.config = config;
        this.check = check;
        threads.allowCoreThreadTimeOut(true);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            send(exchange, 405, "{\"error\":\"POST a page check order\"}");
            return;
        }
        String token = BearerTokens.fromHeader(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION)).orElse(null);
        if (!ConsoleCaller.isConsole(config.get(), pop, token)) {
            send(exchange, 401, "{\"error\":\"this POP's console token is required\"}");
            return;
        }
        exchange.setMaxEntitySize(16 * 1024);
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            PageCheckOrder order;
            try {
                order = WireJson.mapper().readValue(body, PageCheckOrder.class);
            } catch (IOException e) {
                send(ex, 400, "{\"error\":\"not a page check order\"}");
                return;
            }
            ex.dispatch(() -> {
                try {
                    threads.execute(() -> answer(ex, check.run(order)));
                } catch (RejectedExecutionException e) {
                    send(ex, 429, "{\"error\":\"" + AT_ONCE + " page checks are running on this POP; try again shortly\"}");
                }
            });
        }, (ex, e) -> send(ex, 400, "{\"error\":\"cannot read the body\"}"));
    }

    private static void answer(HttpServerExchange exchange, PageCheckReport report) {
        try {
            send(exchange, 200, WireJson.mapper().writeValueAsString(report));
        } catch (IOException e) {
            send(exchange, 500, "{\"error\":\"cannot write the report\"}");
        }
    }

    private static void send(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
