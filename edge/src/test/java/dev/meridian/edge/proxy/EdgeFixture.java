package dev.meridian.edge.proxy;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A real edge on ephemeral loopback ports in front of a {@link ScriptedOrigin} that each test scripts. */
final class EdgeFixture implements AutoCloseable {
    final ScriptedOrigin origin = ScriptedOrigin.start();
    final EdgeServer edge;
    final OkHttpClient client;

    EdgeFixture() {
        this(TestConfigs::onePop);
    }

    /** @param config the edge's config, given the origin's base URL */
    EdgeFixture(Function<String, MeridianConfig> config) {
        try {
            edge = EdgeServer.start(new ConfigHolder(config.apply(origin.url())), "sjc");
        } catch (RuntimeException e) {
            origin.close();
            throw e;
        }
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1000);
        dispatcher.setMaxRequestsPerHost(1000);
        client = new OkHttpClient.Builder().dispatcher(dispatcher).retryOnConnectionFailure(false)
                .readTimeout(10, TimeUnit.SECONDS).build();
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
    public void close() {
        edge.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        origin.close();
    }
}
