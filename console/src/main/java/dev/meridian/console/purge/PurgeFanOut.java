package dev.meridian.console.purge;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PurgeControlConfig;
import dev.meridian.uplink.purge.PurgeProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a numbered purge to every POP's admin {@code /purge} at once and records each acknowledgement
 * and its latency, or the failure. Non-blocking: one JDK {@link HttpClient} whose callbacks (and the
 * database writes they make) run on this class's own bounded pool; a POP that does not answer within
 * {@code popTimeout} or answers 5xx is retried with backoff for {@code retryFor}; one that refuses (4xx)
 * is not, since the same request would be refused again. Authentication: the POP's node token from
 * {@code console.nodes} (see {@code uplink.purge}).
 */
public final class PurgeFanOut implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PurgeFanOut.class);
    /** Callbacks and database writes; POPs × purges in flight, so a burst never queues without bound. */
    static final int THREADS = 4;
    static final int QUEUE = 16_384;
    /** Retries waiting at once, across purges and POPs; beyond it a POP is left to catch up by itself. */
    static final int MAX_RETRYING = 10_000;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final ConfigHolder config;
    private final PurgeStore store;
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor retries;
    private final HttpClient http;
    private final AtomicInteger retrying = new AtomicInteger();

    public PurgeFanOut(ConfigHolder config, PurgeStore store) {
        this.config = config;
        this.store = store;
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                DaemonThreads.numbered("console-purge-"));
        this.pool.allowCoreThreadTimeOut(true);
        this.retries = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("console-purge-retries"));
        this.retries.setRemoveOnCancelPolicy(true);
        this.http = HttpClient.newBuilder().executor(pool).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings().popTimeout()).build();
    }

    /** Starts sending {@code purge} to every POP it lists; one handle per POP, in the record's order. */
    public List<PopPurge> send(PurgeRecord purge) {
        long started = System.nanoTime();
        String body = purge.spec().toJson();
        return purge.pops().stream().map(p -> {
            PopPurge target = new PopPurge(p.pop());
            attempt(purge, body, target, started, 0);
            return target;
        }).toList();
    }

    private void attempt(PurgeRecord purge, String body, PopPurge target, long started, int attempt) {
        Optional<HttpRequest> request = request(purge, body, target.pop());
        if (request.isEmpty()) {
            giveUp(purge, target, "POP " + target.pop() + " has no admin address or no node token in console.nodes");
            return;
        }
        try {
            http.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString())
                    .whenCompleteAsync((response, failure) -> answered(purge, body, target, started, attempt, response, failure), pool);
        } catch (RejectedExecutionException e) {
            retryLater(purge, body, target, started, attempt, "the console's purge pool is full");
        }
    }

    private void answered(PurgeRecord purge, String body, PopPurge target, long started, int attempt,
                          HttpResponse<String> response, Throwable failure) {
        if (failure == null && response.statusCode() == 200) {
            double ms = (System.nanoTime() - started) / 1e6;
            try {
                store.acked(purge.seq(), target.pop(), Instant.now(), ms);
            } catch (RuntimeException e) {
                log.error("purge {}: {} acknowledged but the ack could not be recorded", purge.seq(), target.pop(), e);
            }
            target.acked().complete(ms);
            return;
        }
        String error = failure != null ? describe(failure) : response.statusCode() + " " + response.body().strip();
        if (failure == null && response.statusCode() >= 400 && response.statusCode() < 500
                && response.statusCode() != 408 && response.statusCode() != 429) {
            giveUp(purge, target, "refused: " + error);
            return;
        }
        retryLater(purge, body, target, started, attempt, error);
    }

    private void retryLater(PurgeRecord purge, String body, PopPurge target, long started, int attempt, String error) {
        record(purge, target, error);
        Duration left = settings().retryFor().minusNanos(System.nanoTime() - started);
        Duration backoff = backoff(attempt);
        if (left.compareTo(backoff) < 0) {
            giveUp(purge, target, error + " (gave up after " + (attempt + 1) + " attempts; the POP catches up by itself)");
            return;
        }
        if (retrying.incrementAndGet() > MAX_RETRYING) {
            retrying.decrementAndGet();
            giveUp(purge, target, error + " (too many retries waiting; the POP catches up by itself)");
            return;
        }
        try {
            retries.schedule(() -> {
                retrying.decrementAndGet();
                attempt(purge, body, target, started, attempt + 1);
            }, backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            retrying.decrementAndGet();
            target.acked().completeExceptionally(e);
        }
    }

    static Duration backoff(int attempt) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 16));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private void giveUp(PurgeRecord purge, PopPurge target, String error) {
        record(purge, target, error);
        log.warn("purge {} not acknowledged by {}: {}", purge.seq(), target.pop(), error);
        target.acked().completeExceptionally(new IllegalStateException(error));
    }

    private void record(PurgeRecord purge, PopPurge target, String error) {
        target.failed(error);
        try {
            store.failed(purge.seq(), target.pop(), error);
        } catch (RuntimeException e) {
            log.error("purge {}: could not record {}'s failure", purge.seq(), target.pop(), e);
        }
    }

    private Optional<HttpRequest> request(PurgeRecord purge, String body, String popId) {
        var current = config.get();
        Optional<HostPort> admin = current.pop(popId).map(PopConfig::edge).map(e -> e.admin());
        Optional<String> token = current.consoleConfig().flatMap(c -> c.node(popId)).map(ConsoleNodeConfig::token);
        if (admin.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + admin.get() + "/purge"))
                .timeout(settings().popTimeout())
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .header(PurgeProtocol.SEQUENCE_HEADER, Long.toString(purge.seq()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (purge.customer() != null) {
            b.header(PurgeProtocol.CUSTOMER_HEADER, purge.customer());
        }
        return Optional.of(b.build());
    }

    private PurgeControlConfig settings() {
        return config.get().consoleConfig().map(ConsoleConfig::purge).orElse(PurgeControlConfig.DEFAULTS);
    }

    private static String describe(Throwable failure) {
        Throwable t = failure.getCause() != null && failure.getMessage() != null && failure.getMessage().startsWith("java.")
                ? failure.getCause() : failure;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        retries.shutdownNow();
        pool.shutdownNow();
    }
}
