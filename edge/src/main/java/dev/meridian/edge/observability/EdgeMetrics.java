package dev.meridian.edge.observability;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.MemoryTier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The edge's Prometheus meters. Counters are resolved once so recording on the hot path is an add. */
public final class EdgeMetrics {
    private final Map<CacheStatus, Counter> requests = new EnumMap<>(CacheStatus.class);
    private final Counter bytes;
    private final Counter tagsIgnored;
    private final Map<String, Timer> originFetches = new ConcurrentHashMap<>();

    public EdgeMetrics(MeterRegistry registry, String pop, MemoryTier memory) {
        for (CacheStatus s : CacheStatus.values()) {
            requests.put(s, Counter.builder("meridian.edge.requests").description("Requests by cache status")
                    .tag("pop", pop).tag("cache", s.name()).register(registry));
        }
        bytes = Counter.builder("meridian.edge.response.bytes").description("Bytes sent to clients")
                .baseUnit("bytes").tag("pop", pop).register(registry);
        tagsIgnored = Counter.builder("meridian.edge.cache.tags.ignored")
                .description("Tags (Surrogate-Key, Cache-Tag) of stored responses beyond the per-object bounds, ignored")
                .tag("pop", pop).register(registry);
        Gauge.builder("meridian.edge.cache.memory.bytes", memory, MemoryTier::weightedSize)
                .description("Bytes held by the memory tier").tag("pop", pop).register(registry);
        Gauge.builder("meridian.edge.cache.memory.entries", memory, MemoryTier::entryCount)
                .description("Entries in the memory tier").tag("pop", pop).register(registry);
        Gauge.builder("meridian.edge.cache.memory.hit.ratio", memory, MemoryTier::hitRatio)
                .description("Share of memory tier lookups that found an entry").tag("pop", pop).register(registry);
        for (String outcome : new String[] {"ok", "error", "timeout"}) {
            originFetches.put(outcome, Timer.builder("meridian.edge.origin.fetches").description("Origin requests and their latency")
                    .tag("pop", pop).tag("outcome", outcome).register(registry));
        }
    }

    public void request(CacheStatus status, long bytesSent) {
        requests.get(status).increment();
        if (bytesSent > 0) {
            bytes.increment((double) bytesSent);
        }
    }

    /** Tags a stored response carried beyond {@code CacheTags}' bounds. */
    public void tagsIgnored(int n) {
        if (n > 0) {
            tagsIgnored.increment(n);
        }
    }

    /** @param outcome ok, error or timeout */
    public void originFetch(String outcome, long nanos) {
        originFetches.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }
}
