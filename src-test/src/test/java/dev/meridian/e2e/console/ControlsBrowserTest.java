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
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The portal's controls in headless Chromium against a real console and a real POP: a customer purges a
 * URL on every POP from the Cache Control page and sees the POP's acknowledgement, then checks a page
 * from the POP and sees each component's result.
 */
class ControlsBrowserTest {
    private static final String NODE_TOKEN = "sjc-controls-node-token";

    @TempDir
    Path dir;
    private ScriptedOrigin origin;
    private ConsoleServer console;
    private EdgeServer edge;

    private String config(String consoleUrl) {
        return """
                pops: [ { id: sjc, location: { name: "San Jose" }, edge: { http: 127.0.0.1:0, admin: "127.0.0.1:0" }, cache: { memory: 64MB } } ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "%s" } ]
                        defaultTtl: 60s
                console:
                  url: "%s"
                  stateDir: "%s"
                  usage: { spoolDir: "%s" }
                  accessLogs: { dir: "%s" }
                  push: { nodeStateDir: "%s" }
                  purge: { startWait: 0s }
                  nodes: [ { id: sjc, role: edge, token: %s } ]
                """.formatted(origin.url(), consoleUrl, dir.resolve("console"), dir.resolve("spool"),
                dir.resolve("access-logs"), dir.resolve("nodes"), NODE_TOKEN);
    }

    @BeforeEach
    void start() throws Exception {
        Chromium.require();
        origin = ScriptedOrigin.start();
        origin.on("/", new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/html")
                .addHeader("Cache-Control", "max-age=60").setBody("<html><img src=\"/logo.png\"></html>"));
        origin.on("/logo.png", new MockResponse().setResponseCode(200).addHeader("Content-Type", "image/png")
                .addHeader("Cache-Control", "max-age=60").setBody("png!"));
        ConfigLoader loader = new ConfigLoader(name -> null);
        console = ConsoleServer.start(new ConfigHolder(loader.loadYaml("console", config("http://127.0.0.1:1"))),
                new HostPort("127.0.0.1", 0));
        // The POP's admin address is only known once it listens: the console learns it from the config it
        // reloads below, as it would from a pushed version.
        edge = EdgeServer.start(new ConfigHolder(loader.loadYaml("edge", config(console.url()))), "sjc");
        String withAdmin = config(console.url()).replace("admin: \"127.0.0.1:0\"",
                "admin: \"127.0.0.1:" + edge.adminAddress().getPort() + "\"");
        console.config().reload(() -> loader.loadYaml("console", withAdmin));
        new Users(console.database().dataSource(), Clock.systemUTC())
                .add("alice", Viewer.Role.CUSTOMER, "acme", new PasswordHasher().hash("alice-controls-password"));
    }

    @AfterEach
    void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (console != null) {
            console.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void aCustomerPurgesOnEveryPopAndChecksAPageFromThePortal() {
        try (Chromium chromium = new Chromium("console.test 127.0.0.1:" + console.address().getPort())) {
            WebDriver browser = chromium.driver;
            browser.get("http://console.test/login");
            browser.findElement(By.name("login")).sendKeys("alice");
            browser.findElement(By.name("password")).sendKeys("alice-controls-password");
            browser.findElement(By.cssSelector("form.login button")).click();
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.getTitle().startsWith("Start"));

            browser.get("http://console.test/purge");
            browser.findElement(By.name("target")).sendKeys("http://acme.cdn.test/logo.png");
            browser.findElement(By.cssSelector("form[action='/purge'] button")).click();
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains("/purge?seq="));
            String purged = browser.findElement(By.tagName("main")).getText();
            assertThat(purged).contains("acknowledged by 1 of 1 POPs", "http://acme.cdn.test/logo.png");
            assertThat(browser.findElements(By.cssSelector("span.pop.acked"))).isNotEmpty();

            browser.get("http://console.test/pagecheck");
            browser.findElement(By.name("url")).sendKeys("http://acme.cdn.test/");
            browser.findElement(By.cssSelector("form.pagecheck button")).click();
            await().atMost(Duration.ofSeconds(60)).until(() -> !browser.findElements(By.cssSelector("table.pagecheck")).isEmpty());
            String checked = browser.findElement(By.cssSelector("table.pagecheck")).getText();
            assertThat(checked).contains("http://acme.cdn.test/", "http://acme.cdn.test/logo.png", "200");
            assertThat(origin.hits("/logo.png")).isEqualTo(1);
        }
    }
}
