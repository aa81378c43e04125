package dev.meridian.edge.usage;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.image.RenditionStore;
import dev.meridian.uplink.ship.UsageShipper;
import dev.meridian.uplink.ship.UsageUplink;
import dev.meridian.uplink.usage.CacheOutcome;
import dev.meridian.uplink.usage.EdgeCounters;
import dev.meridian.uplink.usage.PropertyCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.List;
import java.util.Optional;

/**
 * The POP's usage for the console: per-minute counters per property ({@link EdgeCounters}) and their
 * shipper. Only with a console section naming this POP in {@code console.nodes}; otherwise {@link #OFF},
 * which counts nothing and runs nothing. A reload gives new properties counters; the console
 * section itself is read at start.
 */
public final class EdgeUsage implements AutoCloseable {
    /** Set on an exchange answered with a rendition: how many bytes smaller it was than its original. */
    public static final AttachmentKey<Long> RENDITION_BYTES_SAVED = AttachmentKey.create(Long.class);
    /** Usage off: nothing counted, no spool, no thread. */
    public static final EdgeUsage OFF = new EdgeUsage(null, null);
    private static final CacheOutcome[] OUTCOMES = outcomes();

    /** Null when off. */
    private final EdgeCounters counters;
    private final UsageShipper shipper;

    private EdgeUsage(EdgeCounters counters, UsageShipper shipper) {
        this.counters = counters;
        this.shipper = shipper;
    }

    /**
     * Starts counting and shipping for POP {@code popId} if the config sends its usage to a console.
     *
     * @param renditions the POP's kept renditions, for each row's rendition bytes stored
     */
    public static EdgeUsage start(ConfigHolder config, String popId, MeterRegistry registry, RenditionStore renditions) {
        Optional<UsageUplink> uplink = UsageUplink.of(config.get(), popId);
        if (uplink.isEmpty()) {
            return OFF;
        }
        EdgeCounters counters = new EdgeCounters(popId, hosts(config.get()), System::currentTimeMillis,
                EdgeCounters.defaultStripes(), new RenditionBytes(config, renditions));
        config.onChange(c -> counters.properties(hosts(c)));
        UsageShipper shipper = uplink.get().start(counters);
        shipper.bindMetrics(registry);
        return new EdgeUsage(counters, shipper);
    }

    private static List<String> hosts(MeridianConfig config) {
        return config.customers().stream().flatMap(c -> c.properties().stream()).map(PropertyConfig::host).toList();
    }

    private static CacheOutcome[] outcomes() {
        CacheOutcome[] byOrdinal = new CacheOutcome[CacheStatus.values().length];
        for (CacheStatus s : CacheStatus.values()) {
            byOrdinal[s.ordinal()] = CacheOutcome.valueOf(s.name());
        }
        return byOrdinal;
    }

    public boolean enabled() {
        return counters != null;
    }

    /**
     * A request completed (the exchange-complete listener): a map read and a few striped adds, nothing
     * allocated. Requests that reached no property (unknown host, bad request) are not anybody's usage.
     */
    public void completed(HttpServerExchange exchange, String property, CacheStatus cache, long bytesSent) {
        if (counters == null) {
            return;
        }
        PropertyCounters p = counters.property(property);
        if (p == null) {
            return;
        }
        p.completed(OUTCOMES[cache.ordinal()], exchange.getStatusCode(), bytesSent);
        Long saved = exchange.getAttachment(RENDITION_BYTES_SAVED);
        if (saved != null) {
            p.rendition(saved);
        }
    }

    /** Body bytes an origin sent for a property. */
    public void fromOrigin(String property, long bytes) {
        PropertyCounters p = counters == null ? null : counters.property(property);
        if (p != null) {
            p.fromOrigin(bytes);
        }
    }

    /** Stops shipping; the current minute goes to the spool for the next start. */
    @Override
    public void close() {
        if (shipper != null) {
            shipper.close();
        }
    }
}
