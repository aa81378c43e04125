package dev.meridian.console.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.db.Database;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.form.EagerFormParsingHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cache Control page behind a stand-in for the session layer (it attaches the viewer named by a test
 * header and parses the form, as the real one does): the form purges on every POP and the page lists
 * the viewer's own purges with each POP's acknowledgement.
 */
class PurgePageTest {
    private static final String CSRF = "csrf-token-of-this-session";
    private static final Map<String, Viewer> VIEWERS = Map.of(
            "ann", new Viewer("ann", Viewer.Role.CUSTOMER, "acme", CSRF),
            "gus", new Viewer("gus", Viewer.Role.CUSTOMER, "globex", CSRF));

    @TempDir
    Path state;
    private StubPop pop;
    private Database database;
    private PurgeControl control;
    private Undertow server;
    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().executor(clientThreads).build();

    @BeforeEach
    void start() throws Exception {
        pop = StubPop.start();
        String yaml = """
                pops: [ { id: sjc, edge: { http: 127.0.0.1:1, admin: 127.0.0.1:%d } } ]
                customers:
                  - id: acme
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ] } ]
                  - id: globex
                    properties: [ { host: globex.cdn.test, origins: [ { host: www.globex.test, url: "http://127.0.0.1:1" } ] } ]
                console:
                  stateDir: %s
                  nodes: [ { id: sjc, role: EDGE, token: sjc-node-token-000000 } ]
                """.formatted(pop.port(), state);
        ConfigHolder config = new ConfigHolder(new ConfigLoader(Map.<String, String>of()::get).loadYaml("t.yaml", yaml));
        database = Database.open(config.get().consoleConfig().orElseThrow());
        control = PurgeControl.start(config, database);
        RoutingHandler routes = Handlers.routing();
        UnaryOperator<HttpHandler> session = page -> new EagerFormParsingHandler().setNext(ex -> {
            String who = ex.getRequestHeaders().getFirst("X-Test-User");
            if (who != null) {
                ex.putAttachment(Viewer.KEY, VIEWERS.get(who));
            }
            page.handleRequest(ex);
        });
        control.routes(routes, config, session);
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(routes).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        control.close();
        database.close();
        pop.close();
        clientThreads.shutdownNow();
    }

    private String base() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private HttpResponse<String> submit(String user, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/purge")).header("X-Test-User", user)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> page(String user, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("X-Test-User", user).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theFormPurgesOnEveryPopAndThePageShowsEachPopsAck() throws Exception {
        HttpResponse<String> posted = submit("ann", String.join("&", field("csrf", CSRF), field("kind", "url"),
                field("target", "http://acme.cdn.test/images/a.jpg")));

        assertThat(posted.statusCode()).isEqualTo(303);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/purge\\?seq=[0-9]+");
        assertThat(pop.calls()).hasSize(1);
        String shown = page("ann", location).body();
        assertThat(shown).contains("Enter a URL to invalidate", "acknowledged by 1 of 1 POPs", "http://acme.cdn.test/images/a.jpg")
                .containsPattern("sjc:\\s*[0-9.]+ ms");
    }

    @Test
    void eachCustomerSeesOnlyItsOwnPurgesAndCannotPurgeAnothers() throws Exception {
        submit("ann", String.join("&", field("csrf", CSRF), field("kind", "host"), field("target", "acme.cdn.test")));

        HttpResponse<String> refused = submit("gus", String.join("&", field("csrf", CSRF), field("kind", "host"),
                field("target", "acme.cdn.test")));

        assertThat(refused.body()).contains("customer globex may not purge content of acme.cdn.test");
        assertThat(page("gus", "/purge").body()).contains("No purges yet.").doesNotContain("acme.cdn.test</code>");
        assertThat(page("ann", "/purge").body()).contains("<code>acme.cdn.test</code>");
        assertThat(page("gus", "/purge?seq=1").body()).doesNotContain("Purge 1:");
        assertThat(pop.calls()).hasSize(1);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefusedAndNobodyLoggedInIsSentToLogIn() throws Exception {
        HttpResponse<String> forged = submit("ann", String.join("&", field("kind", "host"), field("target", "acme.cdn.test")));
        HttpResponse<String> anonymous = page("nobody", "/purge");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/login");
        assertThat(pop.calls()).isEmpty();
    }
}
