package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.cli.Demo;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's wiring: an origin stub where the config puts the origin, every POP's edge in front of it. */
class DemoTest {
    private static final String PURGE_BODY = "{\"url\":\"http://acme.cdn.test/images/landscape-2mp.jpg\"}";
    private final OkHttpClient http = new OkHttpClient();

    private static MeridianConfig config(int originPort, String secondPopHttp) throws Exception {
        String yaml = """
                pops:
                  - id: one
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                  - id: two
                    edge: { http: "%s", admin: "127.0.0.1:0" }
                customers:
                  - id: acme
                    adminTokens: [ "demo-test-acme-token-000" ]
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:%d" } ]
                """.formatted(secondPopHttp, originPort);
        return new ConfigLoader().loadYaml("demo-test.yaml", yaml);
    }

    /** A port free right now: the demo takes the origin's address from the config, as a user writes it. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String xCache(EdgeServer edge, String path) throws IOException {
        try (Response r = http.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + edge.httpAddress().getPort() + path).header("Host", "acme.cdn.test").build())
                .execute()) {
            assertThat(r.code()).isEqualTo(200);
            return r.header("X-Cache");
        }
    }

    @Test
    void startsTheOriginStubAndEveryPopAndServesThroughEach() throws Exception {
        int originPort = freePort();
        InetSocketAddress firstEdge;
        try (Demo demo = Demo.start(config(originPort, "127.0.0.1:0"))) {
            assertThat(demo.edges()).containsOnlyKeys("one", "two");
            assertThat(demo.origins()).containsOnlyKeys("127.0.0.1:" + originPort);
            assertThat(xCache(demo.edges().get("one"), "/images/landscape-2mp.jpg")).isEqualTo("MISS");
            assertThat(xCache(demo.edges().get("one"), "/images/landscape-2mp.jpg")).isEqualTo("HIT");
            for (EdgeServer edge : demo.edges().values()) {
                assertThat(xCache(edge, "/assets/site.css")).isEqualTo("MISS");
                assertThat(xCache(edge, "/assets/site.css")).isEqualTo("HIT");
            }
            assertThat(demo.origins().values().iterator().next().requestCount("/assets/site.css")).isEqualTo(2);

            ByteArrayOutputStream guide = new ByteArrayOutputStream();
            demo.printGuide(new PrintStream(guide, true, StandardCharsets.UTF_8));
            firstEdge = demo.edges().get("one").httpAddress();
            assertThat(guide.toString(StandardCharsets.UTF_8))
                    .contains("curl -si -o /dev/null -D - -H 'Host: acme.cdn.test' http://127.0.0.1:" + firstEdge.getPort())
                    .contains("/www.acme.test/api/catalog.json")
                    .contains("http://127.0.0.1:" + demo.edges().get("one").adminAddress().getPort() + "/purge -d '"
                            + PURGE_BODY + "'");

            // The guide's purge, as a user would send it: the next request fills again.
            try (Response purged = http.newCall(new Request.Builder()
                    .url("http://127.0.0.1:" + demo.edges().get("one").adminAddress().getPort() + "/purge")
                    .header("Authorization", "Bearer demo-test-acme-token-000")
                    .post(RequestBody.create(PURGE_BODY, MediaType.get("application/json"))).build()).execute()) {
                assertThat(purged.code()).isEqualTo(200);
            }
            assertThat(xCache(demo.edges().get("one"), "/images/landscape-2mp.jpg")).isEqualTo("MISS");
        }
        assertThat(refusesConnections(firstEdge)).as("closing the demo stops the edges").isTrue();
        assertThat(refusesConnections(new InetSocketAddress("127.0.0.1", originPort))).as("and the origin").isTrue();
    }

    @Test
    void theConsoleStartsFirstTakesTheNodesUsageAndStopsWithTheDemo(@TempDir Path state) throws Exception {
        String yaml = """
                pops:
                  - id: one
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:%d" } ]
                console:
                  listen: "127.0.0.1:0"
                  stateDir: "%s"
                  nodes: [ { id: one, role: edge, token: demo-test-node-token-one } ]
                """.formatted(freePort(), state);
        String consoleUrl;
        try (Demo demo = Demo.start(new ConfigLoader(n -> null).loadYaml("demo-console.yaml", yaml))) {
            consoleUrl = demo.console().url();
            ByteArrayOutputStream guide = new ByteArrayOutputStream();
            demo.printGuide(new PrintStream(guide, true, StandardCharsets.UTF_8));
            assertThat(guide.toString(StandardCharsets.UTF_8)).contains("console      " + consoleUrl + "/");
            String batch = "{\"batchId\":\"one-1\",\"node\":\"one\",\"edge\":[],\"dns\":[]}";
            try (Response r = http.newCall(new Request.Builder().url(consoleUrl + "/v1/ingest/usage")
                    .header("Authorization", "Bearer demo-test-node-token-one")
                    .post(RequestBody.create(batch, MediaType.get("application/json"))).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string()).contains("\"duplicate\":false");
            }
        }
        URI url = URI.create(consoleUrl);
        assertThat(refusesConnections(new InetSocketAddress(url.getHost(), url.getPort())))
                .as("closing the demo stops the console").isTrue();
    }

    @Test
    void anAddressInUseIsAClearErrorAndNothingIsLeftRunning() throws Exception {
        int originPort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            assertThatThrownBy(() -> Demo.start(config(originPort, address)))
                    .isInstanceOf(Demo.StartFailure.class)
                    .hasMessageStartingWith("POP two: cannot listen on " + address)
                    .hasMessageEndingWith("(is another process using the port?)");
        }
        assertThat(refusesConnections(new InetSocketAddress("127.0.0.1", originPort))).isTrue();
    }

    private static boolean refusesConnections(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 1000);
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }
}
