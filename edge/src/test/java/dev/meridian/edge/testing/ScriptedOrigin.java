package dev.meridian.edge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The customer origin of every test that puts an edge in front of one: a MockWebServer on loopback
 * port 0 whose answers each test scripts per path, recording every request that reached it.
 *
 * <p>A script belongs to a path without its query and answers that path whatever the query: its
 * answers in order, the last one repeating; a path without a script is a 404. Edge tests share it
 * through edge's test-jar ({@code dev/meridian/edge/testing/}); src-test's browser test uses it too.
 */
public final class ScriptedOrigin implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final Map<String, Queue<Function<RecordedRequest, MockResponse>>> script = new ConcurrentHashMap<>();
    private final Map<String, Function<RecordedRequest, MockResponse>> last = new ConcurrentHashMap<>();
    private final Queue<RecordedRequest> received = new ConcurrentLinkedQueue<>();

    private ScriptedOrigin() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request);
                String path = path(request);
                Queue<Function<RecordedRequest, MockResponse>> answers = script.get(path);
                Function<RecordedRequest, MockResponse> next = answers == null ? null : answers.poll();
                if (next == null) {
                    next = last.getOrDefault(path, r -> new MockResponse().setResponseCode(404).setBody("no such path"));
                } else {
                    last.put(path, next);
                }
                return next.apply(request);
            }
        });
    }

    /** Starts an origin with nothing scripted on a loopback port of its own. */
    public static ScriptedOrigin start() {
        ScriptedOrigin origin = new ScriptedOrigin();
        try {
            origin.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return origin;
    }

    /** The origin's base URL, as a config's {@code origins[].url} names it. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Scripts the answers for a path (without query): in order, the last one repeating. */
    @SafeVarargs
    public final void on(String path, Function<RecordedRequest, MockResponse>... answers) {
        script.put(path, new ConcurrentLinkedQueue<>(List.of(answers)));
        last.remove(path);
    }

    /** Answers a path (without query) with copies of one response from now on. */
    public void on(String path, MockResponse answer) {
        on(path, r -> answer.clone());
    }

    /** Holds an origin answer until the test lets it go (bounded, so a failing test cannot hang). */
    public static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every request that reached the origin, oldest first. */
    public List<RecordedRequest> received() {
        return List.copyOf(received);
    }

    /** The requests for a path (without query) that reached the origin, oldest first. */
    public List<RecordedRequest> requests(String path) {
        return received.stream().filter(r -> path.equals(path(r))).toList();
    }

    /** How many requests for a path (without query) reached the origin. */
    public long hits(String path) {
        return received.stream().filter(r -> path.equals(path(r))).count();
    }

    /** The newest request for a path (without query); fails if none came. */
    public RecordedRequest lastRequest(String path) {
        List<RecordedRequest> requests = requests(path);
        if (requests.isEmpty()) {
            throw new AssertionError("no request for " + path + " reached the origin");
        }
        return requests.get(requests.size() - 1);
    }

    private static String path(RecordedRequest request) {
        String target = request.getPath() == null ? "/" : request.getPath();
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** Stops answering: from now on connections to the origin are refused (also what {@link #close} does). */
    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
