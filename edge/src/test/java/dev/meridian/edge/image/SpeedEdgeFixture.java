package dev.meridian.edge.image;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;

/** An edge for acme.cdn.test with speed-aware delivery in front of a {@link ScriptedOrigin}, all on loopback port 0. */
final class SpeedEdgeFixture implements AutoCloseable {
    static final String KEY = "fixture-signing-key-0123456789abcdef";

    final ScriptedOrigin origin = ScriptedOrigin.start();
    EdgeServer edge;
    private ConfigHolder holder;
    /** The config's YAML with its extra top-level sections left open (%s). */
    private final String template;
    final OkHttpClient http = new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).retryOnConnectionFailure(false).build();

    SpeedEdgeFixture(String imagesYaml) {
        this(imagesYaml, "{ memory: 64MB, maxObjectSize: 8MB }", "");
    }

    /**
     * @param cacheYaml the POP's {@code cache:} section (a disk tier, say)
     * @param topYaml   more top-level sections (an {@code images:} section with quotas, say)
     */
    SpeedEdgeFixture(String imagesYaml, String cacheYaml, String topYaml) {
        this.template = """
                pops:
                  - id: t
                    edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 }
                    cache: %s
                customers:
                  - id: acme
                    adminTokens: [ "acme-token-0123456789abcdef" ]
                    properties:
                      - host: acme.cdn.test
                        origins:
                          - { host: www.acme.test, url: "%s", readTimeout: 5s, totalTimeout: 10s }
                        measureBandwidth: true
                        images: %s
                %s
                """.formatted(cacheYaml, origin.url(), imagesYaml, "%s");
        try {
            edge = EdgeServer.start(config(topYaml), "t");
        } catch (ConfigException e) {
            close();
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private ConfigHolder config(String topYaml) throws ConfigException {
        holder = new ConfigHolder(load(topYaml));
        return holder;
    }

    private MeridianConfig load(String topYaml) throws ConfigException {
        return new ConfigLoader(name -> null).loadYaml("test", template.formatted(topYaml));
    }

    /** Reloads the running edge's config, with {@code topYaml} as its extra top-level sections. */
    void reload(String topYaml) {
        try {
            holder.reload(() -> load(topYaml));
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Stops the edge and starts it again (on the same disk tier, if any), with {@code topYaml} as its
     * extra top-level sections; the origin keeps running.
     */
    void restart(String topYaml) {
        edge.close();
        try {
            edge = EdgeServer.start(config(topYaml), "t");
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    void image(String path, byte[] jpeg, String etag) {
        origin.on(path, new MockResponse().setBody(new Buffer().write(jpeg)).setHeader("Content-Type", "image/jpeg")
                .setHeader("ETag", etag).setHeader("Cache-Control", "max-age=300"));
    }

    void page(String path, String html, String contentType) {
        origin.on(path, new MockResponse().setBody(html).setHeader("Content-Type", contentType)
                .setHeader("Cache-Control", "max-age=300").setHeader("ETag", "\"p1\""));
    }

    /** A client whose connections come from {@code localAddress} (a loopback address), so the edge sees another client. */
    OkHttpClient clientFrom(String localAddress) {
        return http.newBuilder().connectionPool(new okhttp3.ConnectionPool()).socketFactory(new javax.net.SocketFactory() {
            private java.net.Socket bound() throws IOException {
                java.net.Socket s = new java.net.Socket();
                s.bind(new java.net.InetSocketAddress(localAddress, 0));
                return s;
            }

            @Override
            public java.net.Socket createSocket() throws IOException {
                return bound();
            }

            @Override
            public java.net.Socket createSocket(String host, int port) throws IOException {
                java.net.Socket s = bound();
                s.connect(new java.net.InetSocketAddress(host, port));
                return s;
            }

            @Override
            public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) throws IOException {
                return createSocket(host, port);
            }

            @Override
            public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
                java.net.Socket s = bound();
                s.connect(new java.net.InetSocketAddress(host, port));
                return s;
            }

            @Override
            public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress2,
                                                int localPort) throws IOException {
                return createSocket(address, port);
            }
        }).build();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + edge.httpAddress().getPort() + pathAndQuery;
    }

    Request.Builder get(String pathAndQuery) {
        return new Request.Builder().url(url(pathAndQuery)).header("Host", "acme.cdn.test");
    }

    @Override
    public void close() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }
}
