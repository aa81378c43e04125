package dev.meridian.edge.observability;

import dev.meridian.edge.cache.CacheStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code meridian.access} logger, space-separated so any log shipper can
 * split it: time client property method path status bytes cache origin-ms total-ms pop.
 */
public final class AccessLog {
    private static final Logger access = LoggerFactory.getLogger("meridian.access");

    private final String pop;
    private final LogTime time = new LogTime();

    public AccessLog(String pop) {
        this.pop = pop;
    }

    public boolean enabled() {
        return access.isInfoEnabled();
    }

    public void log(long epochMillis, String client, String property, String method, String path, int status, long bytes,
                    CacheStatus cache, long originMillis, long totalMillis) {
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
        access.info(line.toString());
    }
}
