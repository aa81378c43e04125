package dev.meridian.edge.load;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps the edge's handler to count requests in flight and requests finished, for the load report.
 * An exchange counts as finished when Undertow completes it, whichever thread ends it.
 */
public final class RequestCounter implements HttpHandler {
    private final HttpHandler next;
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder finished = new LongAdder();

    public RequestCounter(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        inFlight.incrementAndGet();
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            inFlight.decrementAndGet();
            finished.increment();
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long finished() {
        return finished.sum();
    }
}
