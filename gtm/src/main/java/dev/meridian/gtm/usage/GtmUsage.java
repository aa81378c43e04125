package dev.meridian.gtm.usage;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.uplink.ship.UsageShipper;
import dev.meridian.uplink.ship.UsageUplink;
import dev.meridian.uplink.usage.DnsCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The GTM's decisions for the console: per-minute counts ({@link DnsCounters}) and their shipper, only
 * when the config has a console section naming this GTM ({@code meridian gtm --node <id>}) in
 * {@code console.nodes}. Otherwise {@link #OFF}: nothing counted, no spool, no thread.
 */
public final class GtmUsage implements AutoCloseable {
    /** Keys (hostname, address, POP, client block) a minute's table holds; past it, new blocks count as "other". */
    static final int MAX_KEYS_PER_MINUTE = 50_000;
    public static final GtmUsage OFF = new GtmUsage(null, null);

    private final DnsCounters counters;
    private final UsageShipper shipper;

    private GtmUsage(DnsCounters counters, UsageShipper shipper) {
        this.counters = counters;
        this.shipper = shipper;
    }

    public static GtmUsage start(ConfigHolder config, String nodeId, MeterRegistry registry) {
        Optional<UsageUplink> uplink = UsageUplink.of(config.get(), nodeId);
        if (uplink.isEmpty()) {
            return OFF;
        }
        DnsCounters counters = new DnsCounters(System::currentTimeMillis, MAX_KEYS_PER_MINUTE);
        FunctionCounter.builder("meridian_gtm_usage_overflow", counters, DnsCounters::overflowed)
                .description("Decisions counted under the client block 'other' because their minute had "
                        + MAX_KEYS_PER_MINUTE + " keys already").register(registry);
        UsageShipper shipper = uplink.get().start(counters);
        shipper.bindMetrics(registry);
        return new GtmUsage(counters, shipper);
    }

    /** The counters decisions go to, or null when usage is off. */
    public DnsCounters counters() {
        return counters;
    }

    /** Stops shipping; the current minute goes to the spool for the next start. */
    @Override
    public void close() {
        if (shipper != null) {
            shipper.close();
        }
    }
}
