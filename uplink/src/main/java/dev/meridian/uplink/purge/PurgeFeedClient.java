package dev.meridian.uplink.purge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A node's client of the console's purge feed ({@code GET /v1/purges?after=N}). Blocking, with a timeout
 * on every call: the node's catch-up runs on a thread of its own.
 */
public final class PurgeFeedClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String consoleUrl;
    private final String nodeToken;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;

    /**
     * @param consoleUrl the console's base URL ({@code console.url})
     * @param nodeToken  this node's token from {@code console.nodes}
     * @param timeout    each call, connect included
     */
    public PurgeFeedClient(String consoleUrl, String nodeToken, Duration timeout) {
        this.consoleUrl = consoleUrl;
        this.nodeToken = nodeToken;
        this.timeout = timeout;
        // The client's own single thread: the common pool may have one thread and is not ours to block.
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "purge-feed-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
    }

    /** The purges after {@code after}, at most {@code limit} (0 asks only for the newest number). */
    public PurgeFeed fetch(long after, int limit) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(consoleUrl + PurgeProtocol.FEED_PATH
                        + "?after=" + after + "&limit=" + limit))
                .timeout(timeout)
                .header("Authorization", "Bearer " + nodeToken)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the console for purges", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the console answered " + response.statusCode() + " to " + request.uri().getPath()
                    + ": " + new String(response.body(), StandardCharsets.UTF_8).strip());
        }
        return JSON.readValue(response.body(), PurgeFeed.class);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
