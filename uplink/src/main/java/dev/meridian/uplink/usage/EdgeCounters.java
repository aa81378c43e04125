package dev.meridian.uplink.usage;

import dev.meridian.uplink.wire.EdgeMinute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * One POP's usage counters, a {@link PropertyCounters} per property of the running config. The
 * serving threads look a property up once per request ({@link #property}, a read of an immutable
 * map) and add to it; a reload ({@link #properties}) gives new properties counters and keeps the
 * removed ones until every bank they may have counted in has been shipped.
 */
public final class EdgeCounters implements UsageSource {
    private final String pop;
    private final LongSupplier clock;
    private final int stripes;
    private final ToLongFunction<String> renditionBytesStored;
    private volatile Map<String, PropertyCounters> live = Map.of();
    /** Removed by a reload, by the minute they were removed in: drained until their banks are all empty for sure. */
    private final Map<PropertyCounters, Long> retired = new HashMap<>();

    /**
     * @param clock                milliseconds since the epoch
     * @param renditionBytesStored bytes of a property's renditions held now (the minute rows' gauge)
     */
    public EdgeCounters(String pop, Collection<String> properties, LongSupplier clock, int stripes,
                        ToLongFunction<String> renditionBytesStored) {
        this.pop = pop;
        this.clock = clock;
        this.stripes = stripes;
        this.renditionBytesStored = renditionBytesStored;
        properties(properties);
    }

    /** Stripes enough that the I/O threads rarely share one: the next power of two at or above twice the cores. */
    public static int defaultStripes() {
        return Integer.highestOneBit(Math.max(2, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1;
    }

    /** The counters of a property (its host), or null for a host the running config does not serve. */
    public PropertyCounters property(String host) {
        return live.get(host);
    }

    /** The running config's properties now: new ones get counters, removed ones are shipped out and dropped. */
    public synchronized void properties(Collection<String> hosts) {
        Map<String, PropertyCounters> before = live;
        Map<String, PropertyCounters> next = new HashMap<>();
        for (String host : hosts) {
            PropertyCounters kept = before.get(host);
            next.put(host, kept != null ? kept : new PropertyCounters(host, stripes, clock));
        }
        long now = MinuteBanks.minuteOf(clock.getAsLong());
        before.forEach((host, counters) -> {
            if (!next.containsKey(host)) {
                retired.put(counters, now);
            }
        });
        live = Map.copyOf(next);
    }

    @Override
    public synchronized ClosedMinutes close(long nowMillis, boolean includeCurrent) {
        long current = MinuteBanks.minuteOf(nowMillis);
        long last = includeCurrent ? current : current - 1;
        List<PropertyCounters> all = new ArrayList<>(live.values());
        all.addAll(retired.keySet());
        List<EdgeMinute> rows = new ArrayList<>();
        for (long minute = current - (MinuteBanks.BANKS - 1); minute <= last; minute++) {
            for (PropertyCounters counters : all) {
                long[] c = counters.drain(minute);
                if (c != null) {
                    rows.add(row(minute, counters.property(), c));
                }
            }
        }
        retired.values().removeIf(removedAt -> includeCurrent || current - removedAt >= MinuteBanks.BANKS);
        return rows.isEmpty() ? ClosedMinutes.NONE : new ClosedMinutes(rows, List.of());
    }

    private EdgeMinute row(long minute, String property, long[] c) {
        int o = PropertyCounters.OUTCOMES;
        int s = PropertyCounters.STATUS_CLASSES;
        return new EdgeMinute(ClosedMinutes.minuteStart(minute), property, pop, c[PropertyCounters.REQUESTS],
                c[PropertyCounters.BYTES_TO_CLIENTS], c[PropertyCounters.BYTES_FROM_ORIGIN],
                c[o + CacheOutcome.HIT.ordinal()], c[o + CacheOutcome.MISS.ordinal()], c[o + CacheOutcome.STALE.ordinal()],
                c[o + CacheOutcome.REVALIDATED.ordinal()], c[o + CacheOutcome.EXPIRED.ordinal()],
                c[o + CacheOutcome.PASS.ordinal()], c[o + CacheOutcome.NONE.ordinal()],
                c[s], c[s + 1], c[s + 2], c[s + 3], c[PropertyCounters.RENDITIONS],
                c[PropertyCounters.RENDITION_BYTES_SAVED], renditionBytesStored.applyAsLong(property));
    }
}
