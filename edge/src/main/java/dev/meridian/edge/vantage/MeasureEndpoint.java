package dev.meridian.edge.vantage;

import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.probe.latency.LatencyAgent;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.wire.ResultJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * {@code POST /v1/latency/measure} on the edge's admin listener: a GTM server sends a JSON list of
 * target addresses (at most {@value #MAX_BATCH}) with an operator token, and gets back this POP's
 * measurement of each (the wire form of {@link ResultJson#measurements}). At most
 * {@value #MAX_BATCHES} batches are measured at once; more get 503 rather than a queue. The I/O
 * thread only parses: measurements run on the agent's pool and the answer is sent when they are done.
 */
public final class MeasureEndpoint implements HttpHandler {
    public static final String PATH = "/v1/latency/measure";
    public static final int MAX_BATCH = 256;
    public static final int MAX_BATCHES = 4;
    /** A batch of IPv6 literals in quotes fits well within this. */
    static final int MAX_BODY = MAX_BATCH * 48 + 64;

    private final ConfigHolder config;
    private final Supplier<Optional<LatencyAgent>> agent;
    private final Semaphore batches = new Semaphore(MAX_BATCHES);
    private final MeterRegistry registry;
    private final String pop;
    /** By status: the handful this endpoint answers with. */
    private final Map<Integer, Counter> answered = new ConcurrentHashMap<>();

    /**
     * {@code agent} is empty while the config runs no probes: the endpoint then answers 503. Every
     * answer is counted in {@code meridian_edge_vantage_batches_total} by status.
     */
    public MeasureEndpoint(ConfigHolder config, Supplier<Optional<LatencyAgent>> agent, MeterRegistry registry, String pop) {
        this.config = config;
        this.agent = agent;
        this.registry = registry;
        this.pop = pop;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "POST");
            send(ex, 405, Map.of("error", "use POST with a JSON list of target addresses"));
            return;
        }
        Optional<String> token = BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (token.isEmpty() || !BearerTokens.matchesAny(token.get(), config.get().operatorTokens())) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            send(ex, 401, Map.of("error", "an operator token is required"));
            return;
        }
        Optional<LatencyAgent> current = agent.get();
        if (current.isEmpty()) {
            send(ex, 503, Map.of("error", "this edge runs no latency agent (the config has no dns.probes)"));
            return;
        }
        if (ex.getRequestContentLength() > MAX_BODY) {
            send(ex, 413, Map.of("error", "a batch is at most " + MAX_BATCH + " targets"));
            return;
        }
        ex.setMaxEntitySize(MAX_BODY);
        ex.getRequestReceiver().receiveFullBytes((e, body) -> measure(e, current.get(), body),
                (e, failure) -> send(e, 400, Map.of("error", "could not read the body: " + failure.getMessage())));
    }

    private void measure(HttpServerExchange ex, LatencyAgent agent, byte[] body) {
        List<InetAddress> targets;
        try {
            targets = ResultJson.readTargets(body, MAX_BATCH);
        } catch (IllegalArgumentException e) {
            send(ex, 400, Map.of("error", e.getMessage()));
            return;
        }
        if (!batches.tryAcquire()) {
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            send(ex, 503, Map.of("error", "busy: " + MAX_BATCHES + " batches are being measured"));
            return;
        }
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> measuring(agent, targets).whenComplete((results, error) -> {
            batches.release();
            if (error != null) {
                send(ex, 500, Map.of("error", "measuring failed: " + error));
            } else {
                answered(200);
                ex.setStatusCode(200);
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                ex.getResponseSender().send(ByteBuffer.wrap(ResultJson.measurements(results)));
            }
        }));
    }

    /** The agent's future; a pool that refuses the work (shut down with the edge) fails it instead of throwing here. */
    private static CompletableFuture<List<Measurement>> measuring(LatencyAgent agent, List<InetAddress> targets) {
        try {
            return agent.measure(targets);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void answered(int status) {
        answered.computeIfAbsent(status, s -> Counter.builder("meridian.edge.vantage.batches")
                .description("Measurement batches GTM servers asked this POP's latency agent for, by the status answered")
                .tags("pop", pop, "status", Integer.toString(s)).register(registry)).increment();
    }

    private void send(HttpServerExchange ex, int status, Map<String, String> body) {
        answered(status);
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender().send(new String(ResultJson.write(body), StandardCharsets.UTF_8));
    }
}
