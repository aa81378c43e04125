package dev.meridian.edge.gtm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * What an edge tells the GTM (its load, its probe results) goes to every GTM server straight from
 * the edge, so no server depends on another to learn it. One endpoint per server, with the operator
 * token; at most one post per server is in flight, so a server that hangs misses posts rather than
 * piling them up, and costs the others nothing. A server that stops taking posts is logged once,
 * and again once it takes them again.
 */
public final class GtmFanOut {
    private static final Logger log = LoggerFactory.getLogger(GtmFanOut.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String[] OUTCOMES = {"ok", "failed", "skipped"};
    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int SKIPPED = 2;

    private final String what;
    private final String token;
    private final OkHttpClient client;
    private final Map<HttpUrl, AtomicBoolean> busy = new LinkedHashMap<>();
    private final Map<HttpUrl, AtomicBoolean> failing = new LinkedHashMap<>();
    private final Map<HttpUrl, Counter[]> outcomes = new LinkedHashMap<>();

    /**
     * @param endpoints the same endpoint on every GTM server, e.g. {@code http://gtm1:9053/v1/load}
     * @param what      what is posted, for the logs and the metrics ("load reports")
     * @param registry  where {@code meridian_edge_gtm_posts_total} counts each server's posts by outcome
     *                  (ok, failed, skipped: the previous one was still out); a fan-out rebuilt on a config
     *                  reload adds to the same counters
     * @param pop       this edge's POP, a label on those counters
     */
    public GtmFanOut(List<HttpUrl> endpoints, String token, OkHttpClient client, String what, MeterRegistry registry,
                     String pop) {
        this.what = what;
        this.token = token;
        this.client = client;
        for (HttpUrl endpoint : endpoints) {
            busy.put(endpoint, new AtomicBoolean());
            failing.put(endpoint, new AtomicBoolean());
            Counter[] counters = new Counter[OUTCOMES.length];
            for (int i = 0; i < OUTCOMES.length; i++) {
                counters[i] = Counter.builder("meridian.edge.gtm.posts")
                        .description("Posts from this edge to each GTM server (load reports, probe results), by outcome")
                        .tags("pop", pop, "gtm", name(endpoint), "what", what, "outcome", OUTCOMES[i]).register(registry);
            }
            outcomes.put(endpoint, counters);
        }
    }

    /** Posts one JSON body to every server whose previous post is done. */
    public void post(byte[] json) {
        for (Map.Entry<HttpUrl, AtomicBoolean> server : busy.entrySet()) {
            HttpUrl endpoint = server.getKey();
            AtomicBoolean out = server.getValue();
            Counter[] counted = outcomes.get(endpoint);
            if (!out.compareAndSet(false, true)) {
                counted[SKIPPED].increment();
                continue;
            }
            Request request = new Request.Builder().url(endpoint).header("Authorization", "Bearer " + token)
                    .post(RequestBody.create(json, JSON)).build();
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    out.set(false);
                    counted[FAILED].increment();
                    trouble(endpoint, e.toString());
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        if (response.code() == 200) {
                            counted[OK].increment();
                            if (failing.get(endpoint).compareAndSet(true, false)) {
                                log.info("GTM {} takes this POP's {} again", name(endpoint), what);
                            }
                        } else {
                            counted[FAILED].increment();
                            trouble(endpoint, "HTTP " + response.code());
                        }
                    } finally {
                        out.set(false);
                    }
                }
            });
        }
    }

    private void trouble(HttpUrl endpoint, String why) {
        if (failing.get(endpoint).compareAndSet(false, true)) {
            log.warn("GTM {} does not take this POP's {} ({}); they are dropped until it does", name(endpoint), what, why);
        }
    }

    private static String name(HttpUrl endpoint) {
        return endpoint.host() + ":" + endpoint.port();
    }
}
