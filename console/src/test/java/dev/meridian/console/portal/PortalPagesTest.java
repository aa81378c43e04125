package dev.meridian.console.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.H2Databases;
import dev.meridian.console.testing.UsageRows;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages through real HTTP on a bare Undertow, with a stand-in for the session layer that attaches
 * the viewer a test header names: what a customer may see, and that everything else is a 404.
 */
class PortalPagesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:30:20Z"), ZoneOffset.UTC);
    static final Map<String, Viewer> VIEWERS = Map.of(
            "alice", new Viewer("alice", Viewer.Role.CUSTOMER, "acme", "csrf-a"),
            "gary", new Viewer("gary", Viewer.Role.CUSTOMER, "globex", "csrf-g"),
            "olga", new Viewer("olga", Viewer.Role.OPERATOR, null, "csrf-o"));
    /** The network both this and {@code PropertyChoiceTest} look at. */
    static final String CONFIG = """
            pops:
              - id: sjc
                edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 }
            customers:
              - id: acme
                properties:
                  - host: static.acme.test
                    origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                  - host: img.acme.test
                    origins: [ { host: img-origin.acme.test, url: "http://127.0.0.1:9" } ]
              - id: globex
                properties:
                  - host: globex.cdn.test
                    origins: [ { host: www.globex.test, url: "http://127.0.0.1:9" } ]
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private Database database;
    private Undertow server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        database = H2Databases.fresh();
        new UsageRows(database)
                .edge(Instant.parse("2026-12-07T01:05:00Z"), "acme", "static.acme.test", "sjc", 10, 1000, 8, 100, 500)
                .edge(Instant.parse("2026-12-07T02:05:00Z"), "acme", "static.acme.test", "fra", 30, 3000, 15, 0, 40)
                .edge(Instant.parse("2026-12-07T02:05:00Z"), "acme", "img.acme.test", "fra", 2, 2_000_000, 2, 0, 0)
                .edge(Instant.parse("2026-12-07T02:05:00Z"), "globex", "globex.cdn.test", "iad", 99, 9_900_000_000L, 0, 0, 0)
                .dns(Instant.parse("2026-12-07T03:00:00Z"), "acme", "static.acme.test", "192.0.2.11", "sjc", 6)
                .dns(Instant.parse("2026-12-07T03:00:00Z"), "globex", "globex.cdn.test", "192.0.2.12", "iad", 77);
        ConfigHolder config = new ConfigHolder(new ConfigLoader(name -> null).loadYaml("test", CONFIG));
        HandlerWrapper sessions = next -> exchange -> {
            String who = exchange.getRequestHeaders().getFirst("X-Test-Viewer");
            if (who != null) {
                exchange.putAttachment(Viewer.KEY, VIEWERS.get(who));
            }
            next.handleRequest(exchange);
        };
        RoutingHandler routes = Handlers.routing();
        PortalPages.register(routes, sessions, database, config, CLOCK);
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(routes).build();
        server.start();
        InetSocketAddress at = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        base = "http://127.0.0.1:" + at.getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
        database.close();
    }

    private HttpResponse<String> get(String viewer, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (viewer != null) {
            request.header("X-Test-Viewer", viewer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/activity", "/locations", "/gtm", "/usage", "/usage.csv", "/usage.json"})
    void aCustomerNamingAnotherCustomersPropertyOrNoneThatExistsGets404(String page) throws Exception {
        assertThat(get("alice", page + "?property=globex.cdn.test").statusCode()).isEqualTo(404);
        assertThat(get("alice", page + "?property=nowhere.test").statusCode()).isEqualTo(404);
        assertThat(get("alice", page + "?property=static.acme.test").statusCode()).isEqualTo(200);
        assertThat(get("olga", page + "?property=globex.cdn.test").statusCode()).isEqualTo(200);
        assertThat(get(null, page).statusCode()).as("no viewer: the session layer is missing").isEqualTo(403);
    }

    @Test
    void theActivityPageShowsTheCustomersTrafficOnlyWithTheTotalsInTheTitles() throws Exception {
        HttpResponse<String> page = get("alice", "/activity");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>CDN recent activity · Meridian</title>")
                .contains("Traffic (bits/s) · 24 h total 2.00 MB")
                .contains("Hits/s (requests served) · 24 h total 42 requests")
                .contains("class=\"midnight\"")
                .contains("<option value=\"static.acme.test\">").contains("<option value=\"img.acme.test\">")
                .doesNotContain("globex").doesNotContain("<script");
        assertThat(get("alice", "/activity?property=static.acme.test").body())
                .contains("24 h total 4.00 kB").contains("<option value=\"static.acme.test\" selected>");
        assertThat(get("olga", "/activity").body()).contains("24 h total 9.90 GB").contains("globex.cdn.test");
    }

    @Test
    void locationsAreTheBusiestPopFirstForThePeriod() throws Exception {
        String body = get("alice", "/locations?period=24h").body();

        assertThat(body.indexOf(">fra</text>")).isPositive().isLessThan(body.indexOf(">sjc</text>"));
        assertThat(body).contains("2.00 MB · 32 requests").contains("1.00 kB · 10 requests").doesNotContain(">iad<");
        assertThat(get("alice", "/locations?period=1y").statusCode()).isEqualTo(400);
    }

    @Test
    void gtmDecisionsPerPopAddUpToTheTotal() throws Exception {
        String body = get("alice", "/gtm").body();

        assertThat(body).contains("<tr><td>sjc</td><td class=\"num\">6</td></tr>")
                .contains("<tfoot><tr><th>Total</th><th class=\"num\">6</th></tr></tfoot>")
                .contains(">192.0.2.11</title>").doesNotContain("192.0.2.12");
    }

    @Test
    void theCsvExportIsTheCustomersRowsExactly() throws Exception {
        HttpResponse<String> csv = get("alice", "/usage.csv?granularity=day");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8; header=present");
        assertThat(csv.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"usage-day.csv\"");
        assertThat(csv.body()).isEqualTo(UsageCsv.HEADER + "\r\n"
                + "2026-12-07,acme,img.acme.test,2,2000000,2,1.0000,0,0,0\r\n"
                + "2026-12-07,acme,static.acme.test,40,4000,23,0.5750,100,6,540\r\n");
        assertThat(get("alice", "/usage.csv?granularity=hour&property=img.acme.test").body()).isEqualTo(UsageCsv.HEADER + "\r\n"
                + "2026-12-07 02:00,acme,img.acme.test,2,2000000,2,1.0000,0,0,0\r\n");
        assertThat(get("olga", "/usage.csv?granularity=month").body()).contains("\r\n2026-12,globex,globex.cdn.test,99,");
        assertThat(get("alice", "/usage.csv?granularity=week").statusCode()).isEqualTo(400);
    }

    @Test
    void theJsonExportIsTheSameRows() throws Exception {
        HttpResponse<String> json = get("alice", "/usage.json?granularity=day&property=static.acme.test");

        assertThat(json.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json.body()).isEqualTo("{\"granularity\":\"day\",\"property\":\"static.acme.test\",\"rows\":[{"
                + "\"periodStart\":\"2026-12-07T00:00:00Z\",\"customer\":\"acme\",\"property\":\"static.acme.test\","
                + "\"requests\":40,\"bytesToClients\":4000,\"hits\":23,\"hitRatio\":0.5750,\"bytesFromOrigin\":100,"
                + "\"dnsAnswers\":6,\"renditionBytesStored\":540}]}");
        assertThat(get("gary", "/usage.json").body()).contains("globex.cdn.test").doesNotContain("acme");
    }

    @Test
    void theUsagePageLinksToTheExportsOfWhatItShows() throws Exception {
        String body = get("alice", "/usage?granularity=hour&property=static.acme.test").body();

        assertThat(body).contains("href=\"/usage.csv?granularity=hour&amp;property=static.acme.test\"")
                .contains("<td>2026-12-07 01:00</td>").contains("<td class=\"num\">80.0 %</td>");
    }
}
