package dev.meridian.console.testing;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** A GTM admin listener that answers {@code GET /v1/addresses} with a fixed body, to the operator token only. */
public final class FakeGtmAdmin implements AutoCloseable {
    private final Undertow undertow;
    private final AtomicInteger asked = new AtomicInteger();

    public FakeGtmAdmin(String token, String addressesJson) {
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(1)
                .setHandler(exchange -> {
                    asked.incrementAndGet();
                    if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
                        exchange.setStatusCode(401).getResponseSender().send("{\"error\":\"token\"}");
                    } else if (!exchange.getRequestPath().equals("/v1/addresses")) {
                        exchange.setStatusCode(404).getResponseSender().send("{}");
                    } else {
                        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                        exchange.getResponseSender().send(addressesJson);
                    }
                }).build();
        undertow.start();
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Requests received so far. */
    public int asked() {
        return asked.get();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
