package dev.meridian.uplink.testing;

import com.sun.net.httpserver.HttpServer;
import dev.meridian.uplink.spool.BatchJson;
import dev.meridian.uplink.wire.UsageBatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A console's ingest endpoint for node-side tests, on the JDK's HTTP server on loopback: records what
 * it is sent and answers as scripted (200 when unscripted).
 */
public final class StubConsole implements AutoCloseable {
    public record Received(String authorization, UsageBatch batch, int answered) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** @param port 0 for any free port, or a port to take again (a console that comes back) */
    public StubConsole(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(executor);
        server.createContext("/v1/ingest/usage", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                Integer scripted = script.poll();
                int status = scripted == null ? 200 : scripted;
                received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                        BatchJson.read(body.readAllBytes()), status));
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The next answers, in order. */
    public StubConsole answer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    /** All requests so far, in arrival order. */
    public List<Received> received() {
        return received;
    }

    public List<String> batchIds() {
        return received.stream().map(r -> r.batch().batchId()).toList();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
