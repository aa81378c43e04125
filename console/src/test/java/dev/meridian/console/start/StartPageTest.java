package dev.meridian.console.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.testing.FakeGtmAdmin;
import dev.meridian.console.testing.PortalClient;
import dev.meridian.console.testing.TestConsole;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start page over HTTP: hostnames, origins, GTM answers and their health, or "unknown" without a GTM. */
class StartPageTest {
    private static final String HEALTH = """
            {"192.0.2.10": {"status": "up", "source": "probe"}, "192.0.2.11": {"status": "down", "source": "operator"},
             "127.0.0.11": {"status": "stale", "source": "probe"}}
            """;

    @TempDir
    Path stateDir;

    private static String row(String body, String text) {
        int at = body.indexOf(text);
        assertThat(at).as(text).isNotNegative();
        return body.substring(body.lastIndexOf("<tr>", at), body.indexOf("</tr>", at));
    }

    @Test
    void showsEachHostnamesOriginsAndAnswersWithTheirHealth() throws Exception {
        try (FakeGtmAdmin gtm = new FakeGtmAdmin(TestConsole.OPERATOR_TOKEN, HEALTH);
             TestConsole console = TestConsole.start(stateDir, gtm.port(), "")) {
            console.addCustomerUser("gina", "globex", "gina-password-1");
            try (PortalClient gina = console.client()) {
                gina.login("gina", "gina-password-1");
                PortalClient.Response start = gina.get("/");

                assertThat(start.status()).isEqualTo(200);
                assertThat(row(start.body(), "origin.globex.test")).contains("www.globex.test", "http://127.0.0.1:18082");
                assertThat(row(start.body(), "192.0.2.10")).contains("api.globex.test", "customer server", "up");
                assertThat(row(start.body(), "192.0.2.11")).contains("down");
                assertThat(row(start.body(), "127.0.0.11")).contains("www.globex.test", "San Jose (sjc)", "stale");
                assertThat(start.body()).doesNotContain("acme", "The GTM did not answer");
            }
            assertThat(gtm.asked()).isPositive();
        }
    }

    @Test
    void anUnreachableGtmLeavesHealthUnknownAndThePageWhole() throws Exception {
        try (TestConsole console = TestConsole.start(stateDir, TestConsole.unusedPort(), "")) {
            console.addCustomerUser("gina", "globex", "gina-password-1");
            try (PortalClient gina = console.client()) {
                gina.login("gina", "gina-password-1");
                PortalClient.Response start = gina.get("/");

                assertThat(start.status()).isEqualTo(200);
                assertThat(start.body()).contains("The GTM did not answer", "www.globex.test");
                assertThat(row(start.body(), "192.0.2.10")).contains("unknown");
            }
        }
    }
}
