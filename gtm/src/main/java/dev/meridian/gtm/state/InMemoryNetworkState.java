package dev.meridian.gtm.state;

import dev.meridian.core.net.Cidr;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;

/**
 * The one-process network state. Path entries are bounded: past {@code maxPaths} the oldest measurements
 * are forgotten first, so a flood of distinct client blocks cannot grow the heap without limit.
 */
public final class InMemoryNetworkState implements NetworkState {
    private final Supplier<Duration> staleAfter;
    private final int maxPaths;
    private final Map<InetAddress, Health> reported = new ConcurrentHashMap<>();
    private final Map<InetAddress, Health> overrides = new ConcurrentHashMap<>();
    private final Map<InetAddress, ReportedLoad> loads = new ConcurrentHashMap<>();
    private final Map<PathKey, PathQuality> paths = new ConcurrentHashMap<>();
    /** Prefix lengths present, longest first, so a lookup tries only lengths that exist. */
    private final NavigableSet<Integer> pathPrefixes = new ConcurrentSkipListSet<>((a, b) -> Integer.compare(b, a));

    public InMemoryNetworkState(Supplier<Duration> staleAfter, int maxPaths) {
        this.staleAfter = staleAfter;
        this.maxPaths = maxPaths;
    }

    @Override
    public Health health(InetAddress server, Instant now) {
        Health override = overrides.get(server);
        if (override != null) {
            return override;
        }
        Health h = reported.get(server);
        if (h == null) {
            return Health.UNKNOWN;
        }
        return isFresh(h.observedAt(), now) ? h : new Health(Health.Status.STALE, h.source(), h.observedAt());
    }

    @Override
    public Optional<ReportedLoad> load(InetAddress server, Instant now) {
        ReportedLoad r = loads.get(server);
        return r != null && isFresh(r.reportedAt(), now) ? Optional.of(r) : Optional.empty();
    }

    @Override
    public Optional<PathQuality> path(InetAddress server, InetAddress client, Instant now) {
        int bits = client.getAddress().length * 8;
        for (int prefix : pathPrefixes) {
            if (prefix > bits) {
                continue;
            }
            PathQuality q = paths.get(new PathKey(server, Cidr.of(client, prefix)));
            if (q != null && isFresh(q.measuredAt(), now)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    @Override
    public void reportHealth(InetAddress server, boolean up, String source, Instant observedAt) {
        reported.put(server, new Health(up ? Health.Status.UP : Health.Status.DOWN, source, observedAt));
    }

    @Override
    public void overrideHealth(InetAddress server, Boolean up, Instant at) {
        if (up == null) {
            overrides.remove(server);
        } else {
            overrides.put(server, new Health(up ? Health.Status.UP : Health.Status.DOWN, "operator", at));
        }
    }

    @Override
    public void reportLoad(InetAddress server, double load, Instant reportedAt) {
        loads.put(server, new ReportedLoad(load, reportedAt));
    }

    @Override
    public void reportPath(InetAddress server, Cidr clientBlock, double latencyMillis, double loss, Instant measuredAt) {
        PathQuality q = new PathQuality(clientBlock, latencyMillis, loss, measuredAt);
        if (paths.size() >= maxPaths) {
            forgetOldestPaths();
        }
        paths.put(new PathKey(server, clientBlock), q);
        pathPrefixes.add(clientBlock.prefix());
    }

    private void forgetOldestPaths() {
        paths.entrySet().stream()
                .sorted(Map.Entry.comparingByValue((a, b) -> a.measuredAt().compareTo(b.measuredAt())))
                .limit(Math.max(1, maxPaths / 10))
                .map(Map.Entry::getKey)
                .toList()
                .forEach(paths::remove);
    }

    private boolean isFresh(Instant at, Instant now) {
        return at == null || !at.plus(staleAfter.get()).isBefore(now);
    }

    private record PathKey(InetAddress server, Cidr block) {
    }
}
