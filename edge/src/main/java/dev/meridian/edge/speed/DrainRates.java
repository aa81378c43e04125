package dev.meridian.edge.speed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The edge's own view of each client's speed: how fast it drained recent large responses, smoothed
 * per client address. Bounded in entries and forgotten after the re-measure period, so a roaming
 * client is not judged by an old network.
 */
public final class DrainRates {
    /** Smaller responses mostly measure the socket buffers, not the client. */
    public static final long MIN_BYTES = 128 * 1024;
    /** Weight of a new sample in the moving average: a few samples settle it, one outlier does not. */
    static final double ALPHA = 0.3;

    private final Cache<InetAddress, Double> rates;

    public DrainRates(int maxClients, Duration forgetAfter) {
        // Maintenance on the caller: it is tiny, and the bound then holds at once.
        this.rates = Caffeine.newBuilder().maximumSize(maxClients).expireAfterWrite(forgetAfter).executor(Runnable::run).build();
    }

    /** Records that {@code client} drained {@code bytes} in {@code nanos}; small responses are ignored. */
    public void record(InetAddress client, long bytes, long nanos) {
        if (bytes < MIN_BYTES || nanos <= 0) {
            return;
        }
        double kbps = bytes * 8.0 / (nanos / 1_000_000.0);
        rates.asMap().merge(client, kbps, (old, sample) -> old + ALPHA * (sample - old));
    }

    public OptionalLong kbps(InetAddress client) {
        Double r = rates.getIfPresent(client);
        return r == null ? OptionalLong.empty() : OptionalLong.of(Math.max(1, Math.round(r)));
    }
}
