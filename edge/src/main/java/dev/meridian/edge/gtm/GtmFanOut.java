package dev.meridian.edge.gtm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
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
    private final String what;
    private final String token;
    private final OkHttpClient client;
    private final List<Server> servers;

    /** One GTM server: its endpoint, whether a post to it is out, whether it is refusing them, and its counters. */
    private record Server(HttpUrl endpoint, String name, AtomicBoolean busy, AtomicBoolean failing, Counter ok,
                          Counter failed, Counter skipped) {
        static Server of(HttpUrl endpoint, String what, MeterRegistry registry, String pop) {
            String name = endpoint.host() + ":" + endpoint.port();
            return new Server(endpoint, name, new AtomicBoolean(), new AtomicBoolean(), posts(registry, pop, name, what, "ok"),
                    posts(registry, pop, name, what, "failed"), posts(registry, pop, name, what, "skipped"));
        }

        private static Counter posts(MeterRegistry registry, String pop, String gtm, String what, String outcome) {
            return Counter.builder("meridian.edge.gtm.posts")
                    .description("Posts from this edge to each GTM server (load reports, probe results), by outcome")
                    .tags("pop", pop, "gtm", gtm, "what", what, "outcome", outcome).register(registry);
        }
    }

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
        this.servers = endpoints.stream().map(e -> Server.of(e, what, registry, pop)).toList();
    }

    /** Posts one JSON body to every server whose previous post is done. */
    public void post(byte[] json) {
        for (Server server : servers) {
            if (!server.busy().compareAndSet(false, true)) {
                server.skipped().increment();
                continue;
            }
            Request request = new Request.Builder().url(server.endpoint()).header("Authorization", "Bearer " + token)
                    .post(RequestBody.create(json, JSON)).build();
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    server.busy().set(false);
                    server.failed().increment();
                    trouble(server, e.toString());
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        if (response.code() == 200) {
                            server.ok().increment();
                            if (server.failing().compareAndSet(true, false)) {
                                log.info("GTM {} takes this POP's {} again", server.name(), what);
                            }
                        } else {
                            server.failed().increment();
                            trouble(server, "HTTP " + response.code());
                        }
                    } finally {
                        server.busy().set(false);
                    }
                }
            });
        }
    }

    private void trouble(Server server, String why) {
        if (server.failing().compareAndSet(false, true)) {
            log.warn("GTM {} does not take this POP's {} ({}); they are dropped until it does", server.name(), what, why);
        }
    }
}
