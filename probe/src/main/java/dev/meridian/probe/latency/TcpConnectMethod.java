package dev.meridian.probe.latency;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A TCP handshake to a port of the target. A refused connection still measures the path (the RST
 * came back after one round trip), so only timeouts and unreachable networks count as lost.
 */
public final class TcpConnectMethod implements MeasurementMethod {
    private final int port;
    private final Duration timeout;
    private final int attempts;

    public TcpConnectMethod(int port, Duration timeout, int attempts) {
        this.port = port;
        this.timeout = timeout;
        this.attempts = attempts;
    }

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Optional<PathSample> measure(String pop, InetAddress target) {
        InetSocketAddress to = new InetSocketAddress(target, port);
        return PathSample.ofAttempts(attempts, i -> once(to));
    }

    private OptionalDouble once(InetSocketAddress to) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(to, (int) Math.max(1, timeout.toMillis()));
            return OptionalDouble.of((System.nanoTime() - start) / 1e6);
        } catch (ConnectException e) {
            if (e.getMessage() != null && e.getMessage().contains("refused")) {
                return OptionalDouble.of((System.nanoTime() - start) / 1e6);
            }
            return OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }
}
