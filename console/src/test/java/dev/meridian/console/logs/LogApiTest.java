package dev.meridian.console.logs;

import static dev.meridian.console.logs.LogsFixture.ACME_TOKEN;
import static dev.meridian.console.logs.LogsFixture.BETA_TOKEN;
import static dev.meridian.console.logs.LogsFixture.IAD_TOKEN;
import static dev.meridian.console.logs.LogsFixture.OPERATOR_TOKEN;
import static dev.meridian.console.logs.LogsFixture.SJC_TOKEN;
import static dev.meridian.console.logs.LogsFixture.gzip;
import static dev.meridian.console.logs.LogsFixture.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.Users;
import dev.meridian.console.testing.PortalClient;
import dev.meridian.console.web.Viewer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogApiTest {
    private static final String SJC_NAME = "sjc-20261207T210000Z-000000.log.gz";
    private static final String IAD_NAME = "iad-20261207T210000Z-000000.log.gz";
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path stateDir;
    private LogsFixture fixture;
    private byte[] acmeFile;
    private byte[] betaFile;

    @BeforeEach
    void start() throws Exception {
        fixture = new LogsFixture(stateDir);
        String now = LogsFixture.time(Instant.now());
        acmeFile = gzip(line(now, "/acme"));
        betaFile = gzip(line(now, "/beta"));
        assertThat(fixture.upload(SJC_TOKEN, "acme", SJC_NAME, acmeFile).statusCode()).isEqualTo(200);
        assertThat(fixture.upload(SJC_TOKEN, "beta", SJC_NAME, betaFile).statusCode()).isEqualTo(200);
        assertThat(fixture.upload(IAD_TOKEN, "beta", IAD_NAME, betaFile).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private JsonNode list(String token, String query) throws Exception {
        HttpResponse<byte[]> r = fixture.get(token, "/v1/logs" + query);
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("files");
    }

    @Test
    void aCustomerListsAndDownloadsTheirOwnFilesOnly() throws Exception {
        JsonNode files = list(ACME_TOKEN, "?from=2000-01-01T00:00:00Z");

        assertThat(files).hasSize(1);
        assertThat(files.get(0).get("customer").asText()).isEqualTo("acme");
        assertThat(files.get(0).get("name").asText()).isEqualTo(SJC_NAME);
        assertThat(files.get(0).get("lines").asLong()).isEqualTo(1);
        HttpResponse<byte[]> download = fixture.get(ACME_TOKEN, files.get(0).get("url").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).contains("application/gzip");
        assertThat(download.body()).isEqualTo(acmeFile);
        assertThat(fixture.get(ACME_TOKEN, "/v1/logs/" + SJC_NAME).body()).as("their own, without ?customer=")
                .isEqualTo(acmeFile);
    }

    @Test
    void aLoggedInCustomerListsAndDownloadsTheirOwnFilesInThePortal() throws Exception {
        new Users(fixture.console.database().dataSource(), Clock.systemUTC())
                .add("alice", Viewer.Role.CUSTOMER, "acme", new PasswordHasher().hash("correct horse battery"));
        try (PortalClient portal = new PortalClient(fixture.console.url())) {
            portal.login("alice", "correct horse battery");

            PortalClient.Response page = portal.get("/logs");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains(SJC_NAME).doesNotContain("beta").doesNotContain(IAD_NAME);
            assertThat(portal.get("/logs/" + SJC_NAME + "?customer=acme").status()).isEqualTo(200);
            assertThat(portal.get("/logs/" + IAD_NAME + "?customer=beta").status()).as("beta's file").isEqualTo(404);
        }
        try (PortalClient stranger = new PortalClient(fixture.console.url())) {
            assertThat(stranger.get("/logs").status()).as("no session: to the login page").isEqualTo(302);
        }
    }

    @Test
    void anotherCustomersFilesAreNotThereForThem() throws Exception {
        assertThat(fixture.get(ACME_TOKEN, "/v1/logs/" + SJC_NAME + "?customer=beta").statusCode()).isEqualTo(404);
        assertThat(fixture.get(ACME_TOKEN, "/v1/logs/" + IAD_NAME).statusCode()).as("beta's only").isEqualTo(404);
        assertThat(fixture.get(ACME_TOKEN, "/v1/logs?customer=beta").statusCode()).isEqualTo(404);
        assertThat(fixture.get(ACME_TOKEN, "/v1/logs/..%2Fbeta%2F" + SJC_NAME).statusCode()).isEqualTo(404);
        assertThat(list(BETA_TOKEN, "")).hasSize(2);
    }

    @Test
    void withoutATokenNothingIsListed() throws Exception {
        assertThat(fixture.get(null, "/v1/logs").statusCode()).isEqualTo(401);
        assertThat(fixture.get("wrong-token-000000000000", "/v1/logs/" + SJC_NAME).statusCode()).isEqualTo(401);
        assertThat(fixture.get(SJC_TOKEN, "/v1/logs").statusCode()).as("a node's token is not a customer's")
                .isEqualTo(401);
    }

    @Test
    void anOperatorSeesEveryCustomerAndNamesOneToDownload() throws Exception {
        assertThat(list(OPERATOR_TOKEN, "")).hasSize(3);
        assertThat(list(OPERATOR_TOKEN, "?customer=acme")).hasSize(1);
        assertThat(fixture.get(OPERATOR_TOKEN, "/v1/logs/" + SJC_NAME).statusCode()).isEqualTo(400);
        assertThat(fixture.get(OPERATOR_TOKEN, "/v1/logs/" + SJC_NAME + "?customer=beta").body()).isEqualTo(betaFile);
    }

    @Test
    void fromAndToSelectFilesByTheirRequestsTimes() throws Exception {
        assertThat(list(ACME_TOKEN, "?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")).isEmpty();
        assertThat(fixture.get(ACME_TOKEN, "/v1/logs?from=yesterday").statusCode()).isEqualTo(400);
    }
}
