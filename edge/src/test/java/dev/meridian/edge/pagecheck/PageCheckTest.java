package dev.meridian.edge.pagecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.testing.ScriptedOrigin;
import dev.meridian.uplink.wire.PageCheckOrder;
import dev.meridian.uplink.wire.PageCheckReport;
import dev.meridian.uplink.wire.PageComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page check through a real POP in front of a scripted origin, asked as the console asks. */
class PageCheckTest {
    private static final String TOKEN = "sjc-node-token-000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ScriptedOrigin origin;
    private ScriptedOrigin other;
    private EdgeServer edge;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newSingleThreadExecutor()).build();

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        other = ScriptedOrigin.start();
        String yaml = """
                pops: [ { id: sjc, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 }, cache: { memory: 64MB } } ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "%s" } ]
                        defaultTtl: 60s
                  - id: globex
                    properties:
                      - host: globex.cdn.test
                        origins: [ { host: www.globex.test, url: "%s" } ]
                console:
                  url: http://127.0.0.1:1
                  push: { nodeStateDir: "%s" }
                  usage: { spoolDir: "%s" }
                  accessLogs: { dir: "%s" }
                  purge: { startWait: 0s }      # not about catching up on purges: serve at once
                  nodes: [ { id: sjc, role: edge, token: %s } ]
                """.formatted(origin.url(), other.url(), dir, dir.resolve("spool"), dir.resolve("access-logs"), TOKEN);
        edge = EdgeServer.start(new ConfigHolder(new ConfigLoader(name -> null).loadYaml("test", yaml)), "sjc");
    }

    @AfterEach
    void stop() throws Exception {
        edge.close();
        origin.close();
        other.close();
    }

    private HttpResponse<String> check(String url, String customer, boolean twice, String token) throws Exception {
        String order = JSON.writeValueAsString(new PageCheckOrder(url, customer, twice));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.adminAddress().getPort()
                        + PageCheckHandler.PATH)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(order)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MockResponse ok(String type, String body) {
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", type).setBody(body);
    }

    @Test
    void loadsThePageAndEachOfTheCustomersComponentsThroughThisPop() throws Exception {
        String secret = origin.url() + "/secret";
        origin.on("/", ok("text/html; charset=utf-8", """
                <html><head><link rel="stylesheet" href="/site.css"><script src="/app.js"></script></head>
                <body><img src="/missing.png"><img src="http://globex.cdn.test/logo.png">
                <img src="%s"><img src="http://169.254.169.254/latest/meta-data/"></body></html>
                """.formatted(secret)));
        origin.on("/site.css", ok("text/css", "body{}"));
        origin.on("/app.js", ok("text/javascript", "var x=1;"));
        origin.on("/missing.png", new MockResponse().setResponseCode(404));

        HttpResponse<String> response = check("http://acme.cdn.test/", "acme", false, TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        PageCheckReport report = JSON.readValue(response.body(), PageCheckReport.class);
        assertThat(report.error()).isNull();
        assertThat(report.components()).extracting(PageComponent::url).containsExactly("http://acme.cdn.test/",
                "http://acme.cdn.test/site.css", "http://acme.cdn.test/app.js", "http://acme.cdn.test/missing.png",
                "http://globex.cdn.test/logo.png", secret, "http://169.254.169.254/latest/meta-data/");
        assertThat(report.components()).extracting(PageComponent::status).containsExactly(200, 200, 200, 404, 0, 0, 0);
        PageComponent css = report.components().get(1);
        assertThat(css.length()).isEqualTo(6);
        assertThat(css.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("body{}".getBytes(StandardCharsets.UTF_8))));
        assertThat(css.ip()).isEqualTo("127.0.0.1");
        assertThat(css.connectMs()).isBetween(0L, css.endMs());
        assertThat(css.firstByteMs()).isBetween(css.connectMs(), css.endMs());
        assertThat(report.components().subList(4, 7)).allSatisfy(c -> assertThat(c.error()).startsWith("not loaded:"));
        assertThat(origin.hits("/secret")).as("an address outside the customer's hostnames is never fetched").isZero();
        assertThat(other.received()).as("another customer's hostname is never fetched").isEmpty();
    }

    @Test
    void aSecondLoadIsServedWarmFromTheCache() throws Exception {
        origin.on("/", ok("text/html", "<img src=\"/a.png\">"));
        origin.on("/a.png", ok("image/png", "png"));

        PageCheckReport report = JSON.readValue(check("http://acme.cdn.test/", "acme", true, TOKEN).body(),
                PageCheckReport.class);

        assertThat(report.secondLoad()).isTrue();
        assertThat(report.components()).extracting(PageComponent::status).containsExactly(200, 200);
        assertThat(origin.hits("/a.png")).as("the second load came from the cache").isEqualTo(1);
    }

    @Test
    void refusesPagesOutsideTheCustomersHostnames() throws Exception {
        for (String url : new String[] {"http://globex.cdn.test/", "http://127.0.0.1:" + edge.adminAddress().getPort()
                + "/metrics", "file:///etc/passwd", "ftp://acme.cdn.test/", "not a url"}) {
            PageCheckReport report = JSON.readValue(check(url, "acme", false, TOKEN).body(), PageCheckReport.class);
            assertThat(report.error()).as(url).isNotNull();
            assertThat(report.components()).as(url).isEmpty();
        }
        assertThat(other.received()).isEmpty();
    }

    @Test
    void onlyTheConsoleWithThisPopsTokenMayAsk() throws Exception {
        assertThat(check("http://acme.cdn.test/", "acme", false, "someone-elses-token-00").statusCode()).isEqualTo(401);
        assertThat(origin.received()).isEmpty();
    }
}
