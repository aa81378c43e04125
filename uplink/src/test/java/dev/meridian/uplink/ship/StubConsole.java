package dev.meridian.uplink.ship;

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

/** A console's ingest endpoint that records what it is sent and answers as scripted (200 when unscripted). */
final class StubConsole implements AutoCloseable {
    record Received(String authorization, UsageBatch batch, int answered) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    StubConsole(int port) throws IOException {
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
    StubConsole answer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    List<Received> received() {
        return received;
    }

    List<String> batchIds() {
        return received.stream().map(r -> r.batch().batchId()).toList();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
