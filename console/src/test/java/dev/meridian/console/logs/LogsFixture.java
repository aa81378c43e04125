package dev.meridian.console.logs;

import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import dev.meridian.uplink.logs.LogUploads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/** A console on H2 in a temporary directory, with two customers, two edges and a GTM node, on port 0. */
final class LogsFixture implements AutoCloseable {
    static final String SJC_TOKEN = "sjc-node-token-0000000000";
    static final String IAD_TOKEN = "iad-node-token-0000000000";
    static final String GTM_TOKEN = "gtm-node-token-0000000000";
    static final String ACME_TOKEN = "acme-admin-token-00000000";
    static final String BETA_TOKEN = "beta-admin-token-00000000";
    static final String OPERATOR_TOKEN = "operator-token-0000000000";

    final Path stateDir;
    final ConsoleServer console;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    final HttpClient http = HttpClient.newBuilder().executor(executor).build();

    LogsFixture(Path stateDir) throws Exception {
        this.stateDir = stateDir;
        String yaml = """
                pops:
                  - { id: sjc, edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 } }
                  - { id: iad, edge: { http: 127.0.0.12:8080, admin: 127.0.0.12:9080 } }
                operatorTokens: [ %s ]
                customers:
                  - id: acme
                    adminTokens: [ %s ]
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ] } ]
                  - id: beta
                    adminTokens: [ %s ]
                    properties: [ { host: beta.cdn.test, origins: [ { host: www.beta.test, url: "http://127.0.0.1:9" } ] } ]
                console:
                  stateDir: %s
                  accessLogs: { rotateSize: 4KB }
                  nodes:
                    - { id: sjc, role: EDGE, token: %s }
                    - { id: iad, role: EDGE, token: %s }
                    - { id: gtm, role: GTM, token: %s }
                """.formatted(OPERATOR_TOKEN, ACME_TOKEN, BETA_TOKEN, stateDir, SJC_TOKEN, IAD_TOKEN, GTM_TOKEN);
        ConfigHolder holder = new ConfigHolder(new ConfigLoader(Map.<String, String>of()::get).loadYaml("logs.yaml", yaml));
        this.console = ConsoleServer.start(holder, new HostPort("127.0.0.1", 0));
    }

    /** A gzip file of these lines, each ending with a line feed. */
    static byte[] gzip(String... lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    static String line(String time, String path) {
        return "{\"time\":\"" + time + "\",\"pop\":\"sjc\",\"path\":\"" + path + "\"}";
    }

    /** A time as every line carries it: UTC, always milliseconds. */
    static String time(Instant t) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(t);
    }

    static String sha256(byte[] body) throws Exception {
        return LogUploads.hex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    HttpResponse<String> upload(String token, String path, byte[] body, String sha256) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (sha256 != null) {
            request.header(LogUploads.SHA256_HEADER, sha256);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> upload(String token, String customer, String name, byte[] body) throws Exception {
        return upload(token, LogUploads.PATH_PREFIX + customer + "/" + name, body, sha256(body));
    }

    HttpResponse<byte[]> get(String token, String pathAndQuery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.url() + pathAndQuery)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        console.close();
        executor.shutdownNow();
    }
}
