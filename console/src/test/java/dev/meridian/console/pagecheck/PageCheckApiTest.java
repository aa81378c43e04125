package dev.meridian.console.pagecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/pagecheck} through a real console to a stand-in POP, as a customer's script calls it. */
class PageCheckApiTest {
    private static final String ACME = "acme-admin-token-000000";
    private static final String OPERATOR = "operator-token-0000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Undertow pop;
    private ConsoleServer console;
    private final List<String> orders = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newSingleThreadExecutor();
    private final HttpClient http = HttpClient.newBuilder().executor(threads).build();

    @BeforeEach
    void start() throws Exception {
        pop = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(ex -> ex.getRequestReceiver()
                .receiveFullString((e, body) -> {
                    orders.add(e.getRequestHeaders().getFirst("Authorization") + " " + body);
                    e.getResponseSender().send("{\"pop\":\"sjc\",\"url\":\"http://acme.cdn.test/\",\"secondLoad\":false,"
                            + "\"totalMs\":12,\"components\":[{\"url\":\"http://acme.cdn.test/\",\"ip\":\"127.0.0.11\","
                            + "\"error\":null,\"status\":200,\"length\":5,\"sha256\":\"ab\",\"dnsMs\":-1,\"connectMs\":1,"
                            + "\"firstByteMs\":2,\"downloadMs\":0,\"endMs\":3}],\"skipped\":0,\"error\":null}");
                })).build();
        pop.start();
        int port = ((InetSocketAddress) pop.getListenerInfo().get(0).getAddress()).getPort();
        String yaml = """
                pops: [ { id: sjc, edge: { http: 127.0.0.1:1, admin: "127.0.0.1:%d" } } ]
                operatorTokens: [ %s ]
                customers:
                  - id: acme
                    adminTokens: [ %s ]
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ] } ]
                  - id: globex
                    properties: [ { host: globex.cdn.test, origins: [ { host: www.globex.test, url: "http://127.0.0.1:2" } ] } ]
                console:
                  stateDir: "%s"
                  nodes: [ { id: sjc, role: edge, token: sjc-node-token-0000000 } ]
                """.formatted(port, OPERATOR, ACME, dir);
        console = ConsoleServer.start(new ConfigHolder(new ConfigLoader(n -> null).loadYaml("test", yaml)),
                new HostPort("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        console.close();
        pop.stop();
        threads.shutdownNow();
    }

    private HttpResponse<String> check(String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.url() + "/v1/pagecheck"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCustomersUrlAloneIsCheckedOnEveryPopWithItsNodeToken() throws Exception {
        HttpResponse<String> response = check(ACME, "{\"url\": \"http://acme.cdn.test/\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body()).path("reports").get(0);
        assertThat(report.path("pop").asText()).isEqualTo("sjc");
        assertThat(report.path("components").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(orders).singleElement().satisfies(order -> assertThat(order)
                .startsWith("Bearer sjc-node-token-0000000 ").contains("\"customer\":\"acme\"", "\"twice\":false"));
    }

    @Test
    void anotherCustomersPageOrNoCredentialsAreRefusedAndNothingIsAsked() throws Exception {
        assertThat(check(ACME, "{\"url\": \"http://globex.cdn.test/\"}").statusCode()).isEqualTo(400);
        assertThat(check(ACME, "{\"url\": \"http://acme.cdn.test/\", \"customer\": \"globex\"}").statusCode()).isEqualTo(401);
        assertThat(check(null, "{\"url\": \"http://acme.cdn.test/\"}").statusCode()).isEqualTo(401);
        assertThat(check(OPERATOR, "{\"url\": \"http://acme.cdn.test/\"}").statusCode())
                .as("an operator names the customer").isEqualTo(401);
        assertThat(check(ACME, "not json").statusCode()).isEqualTo(400);
        assertThat(orders).isEmpty();
        assertThat(check(OPERATOR, "{\"url\": \"http://acme.cdn.test/\", \"customer\": \"acme\"}").statusCode())
                .isEqualTo(200);
    }
}
