package dev.meridian.probe.latency;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An echo through {@link InetAddress#isReachable}: ICMP when the process may open raw sockets,
 * otherwise the JDK falls back to a TCP connection to the echo port. Last in line because it is the
 * slowest to give up and the most often filtered.
 */
public final class IcmpEchoMethod implements MeasurementMethod {
    private final Duration timeout;
    private final int attempts;

    public IcmpEchoMethod(Duration timeout, int attempts) {
        this.timeout = timeout;
        this.attempts = attempts;
    }

    @Override
    public String name() {
        return "icmp";
    }

    @Override
    public Optional<PathSample> measure(String pop, InetAddress target) {
        return PathSample.ofAttempts(attempts, i -> once(target));
    }

    private OptionalDouble once(InetAddress target) {
        long start = System.nanoTime();
        try {
            if (target.isReachable((int) Math.max(1, timeout.toMillis()))) {
                return OptionalDouble.of((System.nanoTime() - start) / 1e6);
            }
        } catch (IOException e) {
            // Not permitted or no route: this method has nothing to say about the target.
        }
        return OptionalDouble.empty();
    }
}
