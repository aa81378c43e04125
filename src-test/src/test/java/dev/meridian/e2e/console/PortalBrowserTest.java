package dev.meridian.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.console.ConsoleServer;
import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.Users;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import dev.meridian.e2e.images.Chromium;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import dev.meridian.uplink.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;

/**
 * A customer logs into the portal in headless Chromium, sees their start page and nothing of another
 * customer's, is refused an operator page, and logs out.
 */
class PortalBrowserTest {
    private static final String NODE_TOKEN = "sjc-browser-node-token-0";
    private static final long REQUESTS = 4321;

    @TempDir
    static Path stateDir;
    private static ConsoleServer console;

    @BeforeEach
    void needsChromium() {
        Chromium.require();
    }

    @BeforeAll
    static void start() throws Exception {
        String yaml = """
                pops:
                  - id: sjc
                    location: { name: "San Jose" }
                    edge: { http: "127.0.0.11:8080", admin: "127.0.0.11:9080" }
                customers:
                  - id: acme
                    properties:
                      - host: www.acme.test
                        origins: [ { host: origin.acme.test, url: "http://192.0.2.1:80" } ]
                  - id: globex
                    properties:
                      - host: www.globex.test
                        origins: [ { host: origin.globex.test, url: "http://192.0.2.2:80" } ]
                console:
                  stateDir: "%s"
                  nodes: [ { id: sjc, role: edge, token: "%s" } ]
                """.formatted(stateDir.toString().replace("\\", "/"), NODE_TOKEN);
        console = ConsoleServer.start(new ConfigHolder(new ConfigLoader().loadYaml("portal-browser.yaml", yaml)),
                new HostPort("127.0.0.1", 0));
        new Users(console.database().dataSource(), Clock.systemUTC())
                .add("alice", Viewer.Role.CUSTOMER, "acme", new PasswordHasher().hash("alice-browser-password"));
        shipUsage();
    }

    /** A minute of acme's and of globex's traffic, shipped the way an edge ships it. */
    private static void shipUsage() throws Exception {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        UsageBatch batch = new UsageBatch("sjc-1", "sjc", Instant.now(), new SpoolStatus(1, 0, 0), List.of(
                new EdgeMinute(minute, "www.acme.test", "sjc", REQUESTS, 9_000_000, 1000, REQUESTS - 100, 100, 0, 0, 0,
                        0, 0, REQUESTS, 0, 0, 0, 0, 0, 0),
                new EdgeMinute(minute, "www.globex.test", "sjc", 77, 7_000, 0, 77, 0, 0, 0, 0, 0, 0, 77, 0, 0, 0, 0, 0, 0)),
                List.of());
        HttpResponse<String> shipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + console.address().getPort() + "/v1/ingest/usage"))
                .header("Authorization", "Bearer " + NODE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.mapper().writeValueAsBytes(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
    }

    private static void logIn(WebDriver browser) {
        browser.get("http://console.test/login");
        browser.findElement(By.name("login")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("alice-browser-password");
        browser.findElement(By.cssSelector("form.login button")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getTitle().startsWith("Start"));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aCustomerLogsInSeesTheirStartPageOnlyAndLogsOut() {
        try (Chromium chromium = new Chromium("console.test 127.0.0.1:" + console.address().getPort())) {
            WebDriver browser = chromium.driver;
            browser.get("http://console.test/");
            assertThat(browser.getCurrentUrl()).isEqualTo("http://console.test/login");

            browser.findElement(By.name("login")).sendKeys("alice");
            browser.findElement(By.name("password")).sendKeys("alice-browser-password");
            browser.findElement(By.cssSelector("form.login button")).click();

            await().atMost(Duration.ofSeconds(20)).until(() -> browser.getTitle().startsWith("Start"));
            assertThat(browser.getCurrentUrl()).isEqualTo("http://console.test/");
            String page = browser.findElement(By.tagName("main")).getText();
            assertThat(page).contains("www.acme.test", "origin.acme.test", "San Jose (sjc)").doesNotContain("globex");
            assertThat(browser.findElement(By.className("who")).getText()).contains("alice", "acme");
            Cookie session = browser.manage().getCookieNamed("meridian_session");
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Lax");

            browser.get("http://console.test/operator/customers");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Operators only").doesNotContain("globex");

            browser.findElement(By.cssSelector("form.logout button")).click();
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().endsWith("/login"));
            browser.get("http://console.test/");
            assertThat(browser.getCurrentUrl()).isEqualTo("http://console.test/login");
        }
    }

    @Test
    void aCustomerSeesTheirTrafficGraphExportsItAsCsvAndIsRefusedAnotherCustomersProperty() throws Exception {
        try (Chromium chromium = new Chromium("console.test 127.0.0.1:" + console.address().getPort())) {
            WebDriver browser = chromium.driver;
            logIn(browser);

            browser.get("http://console.test/activity");
            assertThat(browser.getTitle()).startsWith("CDN recent activity");
            assertThat(browser.findElements(By.cssSelector("main svg"))).as("the traffic and hits graphs").hasSizeGreaterThanOrEqualTo(2);
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("www.acme.test").doesNotContain("globex");

            // The export, with the browser's own session (a download is not a page Selenium can read).
            String cookie = "meridian_session=" + browser.manage().getCookieNamed("meridian_session").getValue();
            HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + console.address().getPort() + "/usage.csv?granularity=day")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body().lines().toList()).hasSize(2);
            assertThat(csv.body()).contains("acme,www.acme.test," + REQUESTS + ",9000000").doesNotContain("globex");

            browser.get("http://console.test/activity?property=www.globex.test");
            assertThat(browser.getTitle()).startsWith("Not found");
            assertThat(browser.getPageSource()).doesNotContain("7000");
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + console.address().getPort() + "/usage.csv?property=www.globex.test")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(404);
        }
    }
}
