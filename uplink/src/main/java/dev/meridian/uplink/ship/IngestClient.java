package dev.meridian.uplink.ship;

import dev.meridian.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts batches to the console's ingest endpoint with the node's token, on a JDK {@link HttpClient}
 * with an executor of its own (never the common pool) and bounded connect and response timeouts.
 */
final class IngestClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);

    private final URI endpoint;
    private final String authorization;
    private final ExecutorService executor;
    private final HttpClient http;

    IngestClient(URI endpoint, String token, String node) {
        this.endpoint = endpoint;
        this.authorization = "Bearer " + token;
        this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named("usage-" + node + "-http"));
        // HTTP/1.1: over plain http the JDK client would otherwise ask every request to upgrade to h2c.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends one batch; the status the console answered. @throws IOException when no answer came */
    int post(byte[] json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(RESPONSE_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
