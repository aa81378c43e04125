package dev.meridian.edge.proxy;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real edge on ephemeral loopback ports in front of a MockWebServer origin whose answers each test
 * scripts per path (a queue of responses, the last one repeating), recording what reached it.
 */
final class EdgeFixture implements AutoCloseable {
    final MockWebServer origin = new MockWebServer();
    final EdgeServer edge;
    final OkHttpClient client;
    private final Map<String, Queue<Function<RecordedRequest, MockResponse>>> script = new ConcurrentHashMap<>();
    private final Map<String, Function<RecordedRequest, MockResponse>> last = new ConcurrentHashMap<>();
    final Queue<RecordedRequest> received = new ConcurrentLinkedQueue<>();

    EdgeFixture() throws IOException {
        this(url -> TestConfigs.onePop(url));
    }

    EdgeFixture(Function<String, MeridianConfig> config) throws IOException {
        origin.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request);
                String path = request.getPath() == null ? "/" : request.getPath();
                Queue<Function<RecordedRequest, MockResponse>> q = script.get(path);
                Function<RecordedRequest, MockResponse> next = q == null ? null : q.poll();
                if (next == null) {
                    next = last.getOrDefault(path, r -> new MockResponse().setResponseCode(404).setBody("no such path"));
                } else {
                    last.put(path, next);
                }
                return next.apply(request);
            }
        });
        origin.start(InetAddress.getLoopbackAddress(), 0);
        edge = EdgeServer.start(new ConfigHolder(config.apply("http://127.0.0.1:" + origin.getPort())), "sjc");
        client = new OkHttpClient.Builder().retryOnConnectionFailure(false).readTimeout(10, TimeUnit.SECONDS).build();
        client.dispatcher().setMaxRequests(1000);
        client.dispatcher().setMaxRequestsPerHost(1000);
    }

    /** Scripts the origin's answers for a path (with query): in order, the last one repeating. */
    @SafeVarargs
    final void on(String path, Function<RecordedRequest, MockResponse>... responses) {
        Queue<Function<RecordedRequest, MockResponse>> q = new ConcurrentLinkedQueue<>(List.of(responses));
        script.put(path, q);
        last.remove(path);
    }

    void on(String path, MockResponse response) {
        on(path, r -> response.clone());
    }

    /** Holds an origin answer until the test lets it go (bounded, so a failing test cannot hang). */
    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long originHits(String path) {
        return received.stream().filter(r -> path.equals(r.getPath())).count();
    }

    List<RecordedRequest> originRequests(String path) {
        return received.stream().filter(r -> path.equals(r.getPath())).toList();
    }

    Request.Builder request(String path) {
        return new Request.Builder().url("http://127.0.0.1:" + edge.httpAddress().getPort() + path).header("Host", "acme.cdn.test");
    }

    Response get(String path) throws IOException {
        return client.newCall(request(path).build()).execute();
    }

    /** Sends a request, reads it whole and returns it closed (status, headers and body kept). */
    Fetched fetch(Request request) throws IOException {
        try (Response r = client.newCall(request).execute()) {
            return new Fetched(r.code(), r.headers(), r.body() == null ? "" : r.body().string());
        }
    }

    Fetched fetch(String path) throws IOException {
        return fetch(request(path).build());
    }

    record Fetched(int code, Headers headers, String body) {
        String header(String name) {
            return headers.get(name);
        }

        String cache() {
            return headers.get("X-Cache");
        }
    }

    @Override
    public void close() throws IOException {
        edge.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        origin.shutdown();
    }
}
