package dev.meridian.edge.vantage;

import dev.meridian.core.config.HostPort;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.service.ProbeResultSink;
import dev.meridian.probe.wire.ResultJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this vantage point's probe results to every GTM server ({@code POST /v1/probes/results}
 * with the operator token), in batches on each {@link #flush}. Every server gets every result
 * straight from here, so none depends on another to learn what this POP sees. Bounded: results
 * wait in a queue of {@value #QUEUE} (the oldest are not kept when it is full), and a server whose
 * previous batch is still out misses a batch; its votes from here age out rather than pile up.
 */
final class GtmPoster implements ProbeResultSink {
    private static final Logger log = LoggerFactory.getLogger(GtmPoster.class);
    private static final MediaType JSON = MediaType.get("application/json");
    static final int QUEUE = 2048;
    static final String PATH = "/v1/probes/results";

    private final List<HttpUrl> servers;
    private final String token;
    private final OkHttpClient client;
    private final BlockingQueue<ProbeResult> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Map<HttpUrl, AtomicBoolean> busy = new ConcurrentHashMap<>();
    private final Map<HttpUrl, AtomicBoolean> failing = new ConcurrentHashMap<>();

    GtmPoster(List<HostPort> gtmAdmins, String token, OkHttpClient client) {
        this.servers = gtmAdmins.stream().map(h -> HttpUrl.get("http://" + h + PATH)).toList();
        this.token = token;
        this.client = client;
        servers.forEach(s -> {
            busy.put(s, new AtomicBoolean());
            failing.put(s, new AtomicBoolean());
        });
    }

    List<HttpUrl> servers() {
        return servers;
    }

    @Override
    public void accept(ProbeResult result) {
        while (!queue.offer(result)) {
            queue.poll();
        }
    }

    /** Sends what has queued up to every server that is not still busy with the previous batch. */
    void flush() {
        List<ProbeResult> batch = new ArrayList<>();
        queue.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        byte[] body = ResultJson.probes(batch);
        for (HttpUrl server : servers) {
            AtomicBoolean out = busy.get(server);
            if (!out.compareAndSet(false, true)) {
                continue;
            }
            Request request = new Request.Builder().url(server).header("Authorization", "Bearer " + token)
                    .post(RequestBody.create(body, JSON)).build();
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    out.set(false);
                    trouble(server, e.toString());
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        if (response.code() == 200) {
                            if (failing.get(server).compareAndSet(true, false)) {
                                log.info("GTM {} takes this POP's probe results again", server.host() + ":" + server.port());
                            }
                        } else {
                            trouble(server, "HTTP " + response.code());
                        }
                    } finally {
                        out.set(false);
                    }
                }
            });
        }
    }

    private void trouble(HttpUrl server, String why) {
        if (failing.get(server).compareAndSet(false, true)) {
            log.warn("GTM {} does not take this POP's probe results ({}); they are dropped until it does",
                    server.host() + ":" + server.port(), why);
        }
    }
}
