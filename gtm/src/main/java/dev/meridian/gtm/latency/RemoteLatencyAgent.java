package dev.meridian.gtm.latency;

import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.wire.ResultJson;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP's latency agent, asked over its edge's admin listener ({@code POST /v1/latency/measure}
 * with the operator token). Never fails and never waits past the client's call timeout: an agent
 * that is down, slow, busy or answers garbage yields no results, so that POP simply goes unmeasured
 * for the batch (its paths age and the map falls back) while DNS answers carry on from what is known.
 */
public final class RemoteLatencyAgent implements LatencyAgentClient {
    public static final String PATH = "/v1/latency/measure";
    private static final Logger log = LoggerFactory.getLogger(RemoteLatencyAgent.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** Batches out to one agent at once; a batch beyond this is skipped rather than queued. */
    private static final int MAX_IN_FLIGHT = 2;
    /** Bigger answers than a full batch of measurements can be are refused unread. */
    private static final long MAX_RESPONSE = 4L << 20;

    private final String pop;
    private final HttpUrl url;
    private final String token;
    private final OkHttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    /** {@code client} carries the timeouts; share one between the agents of all POPs. */
    public RemoteLatencyAgent(String pop, String adminHostPort, String token, OkHttpClient client) {
        this.pop = pop;
        this.url = HttpUrl.get("http://" + adminHostPort + PATH);
        this.token = token;
        this.client = client;
    }

    @Override
    public CompletableFuture<List<Measurement>> measure(List<InetAddress> targets) {
        CompletableFuture<List<Measurement>> result = new CompletableFuture<>();
        if (targets.isEmpty() || !inFlight.tryAcquire()) {
            result.complete(List.of());
            return result;
        }
        Request request = new Request.Builder().url(url)
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(ResultJson.targets(targets), JSON))
                .build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                inFlight.release();
                unreachable(e.toString());
                result.complete(List.of());
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    result.complete(read(response, targets));
                } catch (IOException | RuntimeException e) {
                    unreachable(e.toString());
                    result.complete(List.of());
                } finally {
                    inFlight.release();
                }
            }
        });
        return result;
    }

    private List<Measurement> read(Response response, List<InetAddress> asked) throws IOException {
        ResponseBody body = response.body();
        if (response.code() != 200 || body == null) {
            unreachable("HTTP " + response.code());
            return List.of();
        }
        BufferedSource source = body.source();
        if (source.request(MAX_RESPONSE + 1)) {
            unreachable("answer larger than " + MAX_RESPONSE + " bytes");
            return List.of();
        }
        List<Measurement> all = ResultJson.readMeasurements(source.getBuffer().readByteArray());
        if (reachable.compareAndSet(false, true)) {
            log.info("latency agent of POP {} answers again", pop);
        }
        // An agent speaks for its own POP and the targets it was asked about, nothing else.
        Set<InetAddress> wanted = new HashSet<>(asked);
        return all.stream().filter(m -> m.pop().equals(pop) && wanted.contains(m.target())).toList();
    }

    private void unreachable(String why) {
        if (reachable.compareAndSet(true, false)) {
            log.warn("latency agent of POP {} at {} gives no results ({}); the POP goes unmeasured until it answers",
                    pop, url, why);
        }
    }
}
