package dev.meridian.uplink.logs;

import dev.meridian.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Uploads over HTTP with the JDK's client, one file at a time. The client gets an executor of its own:
 * the JDK's default would share the common pool, which has a single thread on a 2-core machine.
 */
public final class HttpLogTransport implements LogTransport {
    /** Enough of the console's answer to say why it refused. */
    private static final int MAX_BODY_LOGGED = 512;

    private final String consoleUrl;
    private final String token;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * @param consoleUrl the console's base URL, e.g. {@code http://127.0.0.1:8090}
     * @param token      this node's bearer token
     * @param timeout    how long one upload may take, connection included
     */
    public HttpLogTransport(String consoleUrl, String token, Duration timeout) {
        this.consoleUrl = consoleUrl;
        this.token = token;
        this.timeout = timeout;
        this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named("access-log-upload"));
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
    }

    @Override
    public Answer put(String customer, LogFileName name, Path file, String sha256) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(consoleUrl + LogUploads.path(customer, name)))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header(LogUploads.SHA256_HEADER, sha256)
                .header("Content-Type", "application/gzip")
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        return new Answer(response.statusCode(),
                new String(body, 0, Math.min(body.length, MAX_BODY_LOGGED), StandardCharsets.UTF_8).strip());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
