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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
                console: { stateDir: "%s" }
                """.formatted(stateDir.toString().replace("\\", "/"));
        console = ConsoleServer.start(new ConfigHolder(new ConfigLoader().loadYaml("portal-browser.yaml", yaml)),
                new HostPort("127.0.0.1", 0));
        new Users(console.database().dataSource(), Clock.systemUTC())
                .add("alice", Viewer.Role.CUSTOMER, "acme", new PasswordHasher().hash("alice-browser-password"));
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
}
