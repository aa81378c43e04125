package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.testing.PortalClient;
import dev.meridian.console.testing.TestConsole;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in and out of a real console over HTTP: cookies, CSRF, throttling, redirects. */
class PortalLoginTest {
    @TempDir
    static Path stateDir;
    private static TestConsole console;

    @BeforeAll
    static void start() throws Exception {
        console = TestConsole.start(stateDir, TestConsole.unusedPort(), "");
        console.addCustomerUser("alice", "acme", "alice-password-1");
        console.addCustomerUser("carol", "acme", "carol-password-1");
        console.addCustomerUser("dave", "acme", "dave-password-1");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aPageWithoutASessionSendsToTheLoginPageAndBackAfterIt() {
        try (PortalClient browser = console.client()) {
            PortalClient.Response page = browser.get("/operator/nodes?x=1");
            assertThat(page.status()).isEqualTo(302);
            assertThat(page.location()).isEqualTo("/login?next=%2Foperator%2Fnodes%3Fx%3D1");

            PortalClient.Response login = browser.login("alice", "alice-password-1", "/usage?range=day");

            assertThat(login.status()).isEqualTo(303);
            assertThat(login.location()).isEqualTo("/usage?range=day");
            assertThat(browser.get("/").status()).isEqualTo(200);
        }
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteAndNotSecureOverPlainHttp() {
        try (PortalClient browser = console.client()) {
            PortalClient.Response login = browser.login("Alice", "alice-password-1");

            String cookie = login.setCookies().stream().filter(c -> c.startsWith("meridian_session=")).findFirst().orElseThrow();
            assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Path=/")
                    .doesNotContainIgnoringCase("Secure").doesNotContainIgnoringCase("Domain");
            assertThat(browser.cookies().get("meridian_session")).matches("[A-Za-z0-9_-]{43}");
        }
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerChangeNothing() {
        try (PortalClient browser = console.client().header("X-Forwarded-Proto", "https")) {
            PortalClient.Response login = browser.login("alice", "alice-password-1");

            assertThat(login.status()).isEqualTo(303);
            assertThat(login.setCookies()).anySatisfy(c -> assertThat(c).startsWith("meridian_session=")
                    .doesNotContainIgnoringCase("Secure"));
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownLoginGetTheSameAnswer() {
        try (PortalClient browser = console.client()) {
            PortalClient.Response wrong = browser.login("carol", "not-her-password");
            PortalClient.Response unknown = browser.login("nobody-at-all", "whatever");

            assertThat(wrong.status()).isEqualTo(401);
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong login or password.");
            assertThat(unknown.body().replace("nobody-at-all", "carol")).isEqualTo(wrong.body());
            assertThat(browser.cookies()).doesNotContainKey("meridian_session");
        }
    }

    @Test
    void formsWithoutTheSessionsTokenAreRefusedAndLogoutEndsTheSession() {
        try (PortalClient browser = console.client()) {
            browser.login("alice", "alice-password-1");
            browser.get("/");
            String session = browser.cookies().get("meridian_session");

            assertThat(browser.post("/logout", Map.of()).status()).isEqualTo(403);
            assertThat(browser.post("/logout", Map.of("csrf", "forged-" + browser.csrf())).status()).isEqualTo(403);
            assertThat(browser.post("/logout", Map.of("csrf", "")).status()).isEqualTo(403);
            assertThat(browser.get("/").status()).as("still logged in").isEqualTo(200);

            PortalClient.Response logout = browser.submit("/logout", Map.of());

            assertThat(logout.status()).isEqualTo(303);
            assertThat(logout.location()).isEqualTo("/login");
            assertThat(browser.get("/").status()).isEqualTo(302);
            browser.cookies().put("meridian_session", session);
            assertThat(browser.get("/").status()).as("the old cookie, replayed").isEqualTo(302);
        }
    }

    @Test
    void aLoginFormPostedFromElsewhereIsRefused() {
        try (PortalClient browser = console.client()) {
            PortalClient.Response forged = browser.post("/login", Map.of("login", "alice", "password", "alice-password-1"));

            assertThat(forged.status()).isEqualTo(403);
            assertThat(browser.cookies()).doesNotContainKey("meridian_session");
        }
    }

    @Test
    void failuresAreCountedAndABlockedLoginIsRefusedEvenWithTheRightPassword() throws Exception {
        try (PortalClient browser = console.client()) {
            for (int i = 0; i < 3; i++) {
                assertThat(browser.login("dave", "guess-" + i).status()).isEqualTo(401);
            }
            assertThat(failures("user:dave")).isEqualTo(3);
            assertThat(failures("address:127.0.0.1")).isGreaterThanOrEqualTo(3);

            // Blocked for a minute, as if many more had failed (waiting out real backoffs would make a slow test).
            LoginThrottle throttle = new LoginThrottle(console.server().database().dataSource(), Clock.systemUTC());
            for (int i = 0; i < 9; i++) {
                throttle.failed("dave", "192.0.2.1");
            }
            PortalClient.Response refused = browser.login("dave", "dave-password-1");

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).contains("Too many failed logins");
            assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 64L);
            assertThat(browser.cookies()).doesNotContainKey("meridian_session");
        }
    }

    @Test
    void aLoginNeverRedirectsOffTheConsole() {
        for (String next : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"}) {
            try (PortalClient browser = console.client()) {
                PortalClient.Response login = browser.login("alice", "alice-password-1", next);

                assertThat(login.status()).isEqualTo(303);
                assertThat(login.location()).as(next).isEqualTo("/");
            }
        }
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        try (PortalClient browser = console.client()) {
            PortalClient.Response page = browser.get("/login");

            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(page.setCookies()).anySatisfy(c -> assertThat(c).startsWith("meridian_login=")
                    .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict"));
        }
    }

    @Test
    void theStylesheetIsServedWithAContentHashToRevalidate() {
        try (PortalClient browser = console.client()) {
            PortalClient.Response css = browser.get("/static/console.css");
            assertThat(css.status()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
            assertThat(css.body()).contains("font");
            String etag = css.headers().firstValue("ETag").orElseThrow();

            try (PortalClient again = console.client().header("If-None-Match", etag)) {
                assertThat(again.get("/static/console.css").status()).isEqualTo(304);
            }
        }
    }

    private static int failures(String subject) throws Exception {
        try (Connection c = console.server().database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT failures FROM login_failures WHERE subject = ?")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
