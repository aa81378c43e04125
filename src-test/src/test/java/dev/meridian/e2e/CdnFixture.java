package dev.meridian.e2e;

import static org.awaitility.Awaitility.await;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.originstub.OriginStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One POP edge in front of the origin stub, both on loopback port 0, with the config written the way
 * a user would write it (YAML, loaded and validated by the real loader).
 */
final class CdnFixture implements AutoCloseable {
    static final String CDN_HOST = "acme.cdn.test";
    static final String ORIGIN_HOST = "www.acme.test";
    static final String POP = "e2e";

    final OriginStub origin;
    final EdgeServer edge;
    final OkHttpClient http;

    private CdnFixture(OriginStub origin, EdgeServer edge) {
        this.origin = origin;
        this.edge = edge;
        this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).followRedirects(false)
                .readTimeout(15, TimeUnit.SECONDS).build();
    }

    /** Origin read timeout 4 s: room for a slow-on-purpose origin, and for a busy machine. */
    static CdnFixture start() {
        return start(Duration.ofSeconds(4));
    }

    /** With the given origin read timeout (the total timeout is 2 s longer). */
    static CdnFixture start(Duration originReadTimeout) {
        OriginStub origin = OriginStub.start("127.0.0.1", 0);
        try {
            MeridianConfig config = config(origin.baseUrl(), originReadTimeout, originReadTimeout.plusSeconds(2));
            return new CdnFixture(origin, EdgeServer.start(new ConfigHolder(config), POP));
        } catch (RuntimeException e) {
            origin.close();
            throw e;
        }
    }

    static MeridianConfig config(String originUrl, Duration readTimeout, Duration totalTimeout) {
        String yaml = """
                pops:
                  - id: %s
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                    cache: { memory: 64MB, maxObjectSize: 8MB }
                customers:
                  - id: acme
                    adminTokens: [ "e2e-acme-admin-token-0000" ]
                    properties:
                      - host: %s
                        origins:
                          - { host: %s, url: "%s", connectTimeout: 1s, readTimeout: %dms, totalTimeout: %dms }
                """.formatted(POP, CDN_HOST, ORIGIN_HOST, originUrl, readTimeout.toMillis(), totalTimeout.toMillis());
        try {
            return new ConfigLoader().loadYaml("e2e.yaml", yaml);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    String edgeUrl(String pathAndQuery) {
        return "http://127.0.0.1:" + edge.httpAddress().getPort() + pathAndQuery;
    }

    /** A request to the edge for the CDN hostname, with extra headers as name, value pairs. */
    Request.Builder request(String pathAndQuery, String... headers) {
        Request.Builder b = new Request.Builder().url(edgeUrl(pathAndQuery)).header("Host", CDN_HOST);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    Response get(String pathAndQuery, String... headers) {
        return execute(request(pathAndQuery, headers));
    }

    Response execute(Request.Builder request) {
        try {
            return http.newCall(request.build()).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Status, cache status and body of one GET, read whole. */
    Exchange fetch(String pathAndQuery, String... headers) {
        try (Response r = get(pathAndQuery, headers)) {
            return new Exchange(r.code(), r.header("X-Cache"), r.header("Age"), r.headers(), r.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the edge stops answering from fresh cache (the entry went stale), returning that answer. */
    Exchange awaitNotHit(String pathAndQuery) {
        Exchange[] seen = new Exchange[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = fetch(pathAndQuery);
            return !"HIT".equals(seen[0].cache());
        });
        return seen[0];
    }

    record Exchange(int status, String cache, String age, Headers headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** A lab URL: the origin answers it with this Cache-Control (null for none) plus any extra query. */
    static String lab(String name, String cacheControl, String... extraQuery) {
        StringBuilder url = new StringBuilder("/lab/").append(name).append('?');
        if (cacheControl != null) {
            url.append("cc=").append(URLEncoder.encode(cacheControl, StandardCharsets.UTF_8));
        }
        for (String q : extraQuery) {
            url.append('&').append(q);
        }
        return url.toString();
    }

    /** The path part of a lab URL: what the origin's request counts are keyed by. */
    static String path(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        try {
            edge.close();
        } finally {
            origin.close();
        }
    }
}
