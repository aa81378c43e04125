package dev.meridian.edge.proxy;

import dev.meridian.edge.accesslog.AccessLog;
import dev.meridian.edge.observability.EdgeMetrics;
import dev.meridian.edge.usage.EdgeUsage;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;

/** Counts (metrics, usage) and logs each request once it is done (one shared instance: nothing allocated per request). */
final class Completion implements ExchangeCompletionListener {
    private final EdgeMetrics metrics;
    private final AccessLog accessLog;
    private final EdgeUsage usage;

    Completion(EdgeMetrics metrics, AccessLog accessLog, EdgeUsage usage) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.usage = usage;
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
        try {
            Transaction tx = exchange.getAttachment(Transaction.KEY);
            long bytes = exchange.getResponseBytesSent();
            metrics.request(tx.cache, bytes);
            usage.completed(exchange, tx.property, tx.cache, bytes);
            accessLog.log(exchange, tx.startMillis, tx.property, tx.cache, tx.originNanos < 0 ? -1 : tx.originNanos / 1_000_000,
                    (System.nanoTime() - tx.startNanos) / 1_000_000);
        } finally {
            next.proceed();
        }
    }
}
