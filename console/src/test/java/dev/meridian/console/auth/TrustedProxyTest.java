package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.testing.PortalClient;
import dev.meridian.console.testing.TestConsole;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A console behind a TLS-terminating proxy it trusts: cookies become Secure and __Host- prefixed. */
class TrustedProxyTest {
    @TempDir
    static Path stateDir;
    private static TestConsole console;

    @BeforeAll
    static void start() throws Exception {
        console = TestConsole.start(stateDir, TestConsole.unusedPort(), "trustedProxies: [ 127.0.0.1 ]");
        console.addCustomerUser("alice", "acme", "alice-password-1");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void overTlsTheSessionCookieIsSecureWithTheHostPrefix() {
        try (PortalClient browser = console.client().header("X-Forwarded-Proto", "https")) {
            PortalClient.Response form = browser.get("/login");
            assertThat(form.setCookies()).anySatisfy(c -> assertThat(c).startsWith("__Host-meridian_login=")
                    .containsIgnoringCase("Secure").containsIgnoringCase("Path=/"));

            PortalClient.Response login = browser.login("alice", "alice-password-1");

            assertThat(login.status()).isEqualTo(303);
            String cookie = login.setCookies().stream().filter(c -> c.startsWith("__Host-meridian=")).findFirst().orElseThrow();
            assertThat(cookie).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                    .containsIgnoringCase("Path=/").doesNotContainIgnoringCase("Domain");
            assertThat(browser.get("/").status()).isEqualTo(200);
        }
    }

    @Test
    void aSessionMadeOverTlsIsNotAcceptedOverPlainHttp() {
        String session;
        try (PortalClient tls = console.client().header("X-Forwarded-Proto", "https")) {
            tls.login("alice", "alice-password-1");
            session = tls.cookies().get("__Host-meridian");
        }
        try (PortalClient plain = console.client()) {
            plain.cookies().put("__Host-meridian", session);
            assertThat(plain.get("/").status()).isEqualTo(302);
        }
    }

    @Test
    void theClientAddressIsTheOneTheProxyForwarded() {
        try (PortalClient browser = console.client().header("X-Forwarded-For", "198.51.100.23")) {
            browser.login("alice", "wrong-password");
        }
        LoginThrottle throttle = new LoginThrottle(console.server().database().dataSource(), Clock.systemUTC());
        for (int i = 0; i < 20; i++) {
            throttle.failed("someone" + i, "198.51.100.23");
        }
        try (PortalClient browser = console.client().header("X-Forwarded-For", "203.0.113.5, 198.51.100.23")) {
            assertThat(browser.login("alice", "alice-password-1").status()).as("21 failures from 198.51.100.23").isEqualTo(429);
        }
        try (PortalClient browser = console.client().header("X-Forwarded-For", "198.51.100.24")) {
            assertThat(browser.login("alice", "alice-password-1").status()).isEqualTo(303);
        }
    }
}
