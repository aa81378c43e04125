package dev.meridian.console.logs;

import static dev.meridian.console.logs.LogsFixture.GTM_TOKEN;
import static dev.meridian.console.logs.LogsFixture.SJC_TOKEN;
import static dev.meridian.console.logs.LogsFixture.gzip;
import static dev.meridian.console.logs.LogsFixture.line;
import static dev.meridian.console.logs.LogsFixture.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.uplink.logs.LogUploads;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogIngestTest {
    private static final String NAME = "sjc-20261207T210000Z-000000.log.gz";
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path stateDir;
    private LogsFixture fixture;
    private byte[] file;

    @BeforeEach
    void start() throws Exception {
        fixture = new LogsFixture(stateDir);
        file = gzip(line("2026-12-07T21:00:02.000Z", "/b"), line("2026-12-07T21:00:01.000Z", "/a"),
                line("2026-12-07T21:00:03.500Z", "/c"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void storesAValidFileWithItsRowAndAcknowledgesAReuploadAsADuplicate() throws Exception {
        HttpResponse<String> first = fixture.upload(SJC_TOKEN, "acme", NAME, file);

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode receipt = json.readTree(first.body());
        assertThat(receipt.get("lines").asLong()).isEqualTo(3);
        assertThat(receipt.get("duplicate").asBoolean()).isFalse();
        assertThat(stateDir.resolve("logs").resolve("acme").resolve(NAME)).hasBinaryContent(file);
        LogFile row = fixture.console.logArchive().open("acme", NAME).orElseThrow().file();
        assertThat(row.node()).isEqualTo("sjc");
        assertThat(row.bytes()).isEqualTo(file.length);
        assertThat(row.sha256()).isEqualTo(sha256(file));
        assertThat(row.firstTime()).isEqualTo(Instant.parse("2026-12-07T21:00:01Z"));
        assertThat(row.lastTime()).isEqualTo(Instant.parse("2026-12-07T21:00:03.500Z"));

        HttpResponse<String> again = fixture.upload(SJC_TOKEN, "acme", NAME, file);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(fixture.console.logArchive().list("acme", Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z")))
                .hasSize(1);
        assertThat(Files.list(stateDir.resolve("logs").resolve(".incoming"))).as("nothing left staged").isEmpty();
    }

    @Test
    void aDifferentFileUnderAStoredNameIsRefused() throws Exception {
        assertThat(fixture.upload(SJC_TOKEN, "acme", NAME, file).statusCode()).isEqualTo(200);

        byte[] other = gzip(line("2026-12-07T21:00:09.000Z", "/z"));
        assertThat(fixture.upload(SJC_TOKEN, "acme", NAME, other).statusCode()).isEqualTo(400);
        assertThat(stateDir.resolve("logs").resolve("acme").resolve(NAME)).hasBinaryContent(file);
    }

    @Test
    void aBadOrMissingTokenIs401() throws Exception {
        assertThat(fixture.upload("not-a-node-token-000000", "acme", NAME, file).statusCode()).isEqualTo(401);
        assertThat(fixture.upload(LogsFixture.ACME_TOKEN, "acme", NAME, file).statusCode())
                .as("a customer's token is not a node's").isEqualTo(401);
        assertThat(fixture.upload(null, LogUploads.PATH_PREFIX + "acme/" + NAME, file, sha256(file)).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aNodeThatIsNoEdgeOrAFileOfAnotherNodeIs403() throws Exception {
        assertThat(fixture.upload(GTM_TOKEN, "acme", "gtm-20261207T210000Z-000000.log.gz", file).statusCode())
                .isEqualTo(403);
        assertThat(fixture.upload(SJC_TOKEN, "acme", "iad-20261207T210000Z-000000.log.gz", file).statusCode())
                .isEqualTo(403);
        assertThat(fixture.upload(SJC_TOKEN, "acme", "nyc-20261207T210000Z-000000.log.gz", file).statusCode())
                .as("a node the console does not know").isEqualTo(403);
    }

    @Test
    void unknownCustomersBadNamesAndPathTricksNeverStoreAnything() throws Exception {
        assertThat(fixture.upload(SJC_TOKEN, "nobody", NAME, file).statusCode()).isEqualTo(400);
        assertThat(fixture.upload(SJC_TOKEN, "acme", "sjc-20261207T210000Z-000000.log", file).statusCode())
                .isEqualTo(400);
        assertThat(fixture.upload(SJC_TOKEN, "acme", "..%2Fbeta%2F" + NAME, file).statusCode()).isIn(400, 404);
        assertThat(fixture.upload(SJC_TOKEN, "acme", "..%2F..%2F..%2Fetc", file).statusCode()).isIn(400, 404);
        assertThat(fixture.upload(SJC_TOKEN, LogUploads.PATH_PREFIX + "acme/../beta/" + NAME, file, sha256(file))
                .statusCode()).isIn(400, 404);
        assertThat(fixture.upload(SJC_TOKEN, LogUploads.PATH_PREFIX + "..%2Fbeta/" + NAME, file, sha256(file))
                .statusCode()).isIn(400, 404);

        assertThat(fixture.console.logArchive().list((String) null, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(stateDir.resolve("logs").resolve("beta")).doesNotExist();
    }

    @Test
    void aChecksumMismatchOrAMissingChecksumIs400() throws Exception {
        String path = LogUploads.PATH_PREFIX + "acme/" + NAME;
        assertThat(fixture.upload(SJC_TOKEN, path, file, sha256(new byte[] {1})).statusCode()).isEqualTo(400);
        assertThat(fixture.upload(SJC_TOKEN, path, file, null).statusCode()).isEqualTo(400);
        assertThat(fixture.console.logArchive().open("acme", NAME)).isEmpty();
    }

    @Test
    void whatIsNotAnAccessLogFileIs400() throws Exception {
        assertThat(fixture.upload(SJC_TOKEN, "acme", NAME, "plain text\n".getBytes()).statusCode())
                .as("not gzip").isEqualTo(400);
        assertThat(fixture.upload(SJC_TOKEN, "acme", NAME, gzip("{\"pop\":\"sjc\"}")).statusCode())
                .as("a line without its time").isEqualTo(400);
        byte[] incompressible = new byte[200 * 1024];
        new Random(1).nextBytes(incompressible);
        assertThat(fixture.upload(SJC_TOKEN, "acme", NAME, incompressible).statusCode())
                .as("larger than a 4KB rotation can make").isEqualTo(400);
        String long1 = line("2026-12-07T21:00:02.000Z", "/" + "a".repeat(10_000));
        byte[] bomb = gzip(long1, long1, long1);
        assertThat(fixture.upload(SJC_TOKEN, "acme", NAME, bomb).statusCode())
                .as("inflates beyond one file").isEqualTo(400);
        assertThat(fixture.console.logArchive().open("acme", NAME)).isEmpty();
    }
}
