package dev.meridian.edge.proxy;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.route.Route;
import io.undertow.util.AttachmentKey;

/** What the access log and metrics need to know about one request, filled in as it is served. */
final class Transaction {
    static final AttachmentKey<Transaction> KEY = AttachmentKey.create(Transaction.class);

    final long startNanos;
    final long startMillis;
    String property = "-";
    /** Set once routed: what {@link Outbound} sees when the response goes out. */
    Route route;
    CacheStatus cache = CacheStatus.NONE;
    long originNanos = -1;

    Transaction(long startNanos, long startMillis) {
        this.startNanos = startNanos;
        this.startMillis = startMillis;
    }
}
