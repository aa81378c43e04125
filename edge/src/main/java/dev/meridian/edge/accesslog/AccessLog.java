package dev.meridian.edge.accesslog;

import dev.meridian.edge.cache.CacheStatus;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a finished request is logged: one line on the {@code meridian.access} logger (the operator's
 * log, space-separated so any log shipper can split it: time client property method path status bytes
 * cache origin-ms total-ms pop), and, with {@link EdgeAccessLogs}, one JSON line in the file of the
 * customer whose property it was. Runs on I/O threads for every request: it builds the lines and hands
 * them off, never touching a file.
 */
public final class AccessLog {
    private static final Logger access = LoggerFactory.getLogger("meridian.access");

    private final String pop;
    private final LogTime time = new LogTime();
    /** Null when this POP writes no customer files. */
    private final EdgeAccessLogs files;

    public AccessLog(String pop) {
        this(pop, null);
    }

    public AccessLog(String pop, EdgeAccessLogs files) {
        this.pop = pop;
        this.files = files;
    }

    /**
     * @param property     the property's configured host, or {@code -} when the request matched none
     * @param originMillis time waiting for the origin, or -1 when it was not asked
     */
    public void log(HttpServerExchange ex, long epochMillis, String property, CacheStatus cache, long originMillis,
                    long totalMillis) {
        boolean operatorLog = access.isInfoEnabled();
        String customer = files == null ? null : files.customerOf(property);
        if (!operatorLog && customer == null) {
            return;
        }
        InetSocketAddress source = ex.getSourceAddress();
        String client = source == null ? "-" : source.getAddress().getHostAddress();
        String method = ex.getRequestMethod().toString();
        long bytes = ex.getResponseBytesSent();
        if (operatorLog) {
            access.info(operatorLine(epochMillis, client, property, method, ex.getRequestURI(), ex.getStatusCode(), bytes,
                    cache, originMillis, totalMillis));
        }
        if (customer != null) {
            files.offer(customer, AccessLogLine.format(new AccessLogLine.Request(epochMillis, pop, client, method, property,
                    ex.getRequestURI(), ex.getQueryString(), ex.getStatusCode(), bytes, cache, totalMillis, originMillis,
                    ex.getRequestHeaders().getFirst(Headers.REFERER), ex.getRequestHeaders().getFirst(Headers.USER_AGENT)),
                    time));
        }
    }

    private String operatorLine(long epochMillis, String client, String property, String method, String path, int status,
                                long bytes, CacheStatus cache, long originMillis, long totalMillis) {
        // One preformatted string: this runs on I/O threads for every hit, so no varargs array or
        // placeholder parsing.
        StringBuilder line = new StringBuilder(128 + path.length());
        time.append(line, epochMillis);
        line.append(' ').append(client).append(' ').append(property).append(' ')
                .append(method).append(' ').append(path).append(' ').append(status).append(' ').append(bytes).append(' ')
                .append(cache.name()).append(' ');
        if (originMillis < 0) {
            line.append('-');
        } else {
            line.append(originMillis);
        }
        line.append(' ').append(totalMillis).append(' ').append(pop);
        return line.toString();
    }
}
