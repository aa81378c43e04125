package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.testing.PortalClient;
import dev.meridian.console.testing.TestConsole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A customer user sees their own customer and nothing else, by any URL; an operator sees and switches. */
class CustomerIsolationTest {
    @TempDir
    static Path stateDir;
    private static TestConsole console;

    @BeforeAll
    static void start() throws Exception {
        console = TestConsole.start(stateDir, TestConsole.unusedPort(), "");
        console.addCustomerUser("alice", "acme", "alice-password-1");
        console.addOperator("olga", "olga-password-1");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    private static void assertOnlyAcme(String body) {
        assertThat(body).contains("www.acme.test", "origin.acme.test")
                .doesNotContain("globex");
    }

    @Test
    void aCustomerSeesOnlyTheirOwnHostnames() {
        try (PortalClient alice = console.client()) {
            alice.login("alice", "alice-password-1");

            assertOnlyAcme(alice.get("/").body());
            assertOnlyAcme(alice.get("/?customer=globex").body());
            assertThat(alice.get("/").body()).doesNotContain("/operator/customers");
        }
    }

    @Test
    void aCustomerGetsNoOperatorPageByAnyUrl() {
        try (PortalClient alice = console.client()) {
            alice.login("alice", "alice-password-1");

            for (String path : new String[] {"/operator/customers", "/operator/nodes", "/operator/customers?customer=globex"}) {
                PortalClient.Response r = alice.get(path);
                assertThat(r.status()).as(path).isEqualTo(403);
                assertThat(r.body()).as(path).doesNotContain("globex", "sjc-node");
            }
        }
    }

    @Test
    void aCustomerCannotSwitchToAnotherCustomer() {
        try (PortalClient alice = console.client()) {
            alice.login("alice", "alice-password-1");
            alice.get("/");

            PortalClient.Response r = alice.submit("/operator/customers", Map.of("customer", "globex"));

            assertThat(r.status()).isEqualTo(403);
            assertOnlyAcme(alice.get("/").body());
        }
    }

    @Test
    void anOperatorSeesEveryCustomerAndSwitchesBetweenThem() {
        try (PortalClient olga = console.client()) {
            olga.login("olga", "olga-password-1");
            assertThat(olga.get("/").body()).contains("www.acme.test", "www.globex.test", "api.globex.test");

            PortalClient.Response customers = olga.get("/operator/customers");
            assertThat(customers.status()).isEqualTo(200);
            assertThat(customers.body()).contains("acme", "globex");

            PortalClient.Response chosen = olga.submit("/operator/customers", Map.of("customer", "globex"));
            assertThat(chosen.status()).isEqualTo(303);
            assertThat(olga.get("/").body()).contains("www.globex.test", "api.globex.test").doesNotContain("acme.test");

            assertThat(olga.submit("/operator/customers", Map.of("customer", "no-such-customer")).status()).isEqualTo(400);
            olga.get("/operator/customers");
            olga.submit("/operator/customers", Map.of("customer", ""));
            assertThat(olga.get("/").body()).contains("www.acme.test", "www.globex.test");
        }
    }

    @Test
    void anOperatorsChoiceBelongsToTheirSessionOnly() {
        try (PortalClient first = console.client(); PortalClient second = console.client()) {
            first.login("olga", "olga-password-1");
            second.login("olga", "olga-password-1");
            first.get("/operator/customers");

            first.submit("/operator/customers", Map.of("customer", "acme"));

            assertOnlyAcme(first.get("/").body());
            assertThat(second.get("/").body()).contains("www.globex.test");
        }
    }
}
