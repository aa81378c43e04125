package dev.meridian.console.logs;

import static dev.meridian.console.logs.LogsFixture.SJC_TOKEN;
import static dev.meridian.console.logs.LogsFixture.gzip;
import static dev.meridian.console.logs.LogsFixture.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.web.Viewer;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogArchiveTest {
    private static final Instant FROM = Instant.parse("2026-12-07T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-08T00:00:00Z");
    private static final Viewer ACME = new Viewer("ann", Viewer.Role.CUSTOMER, "acme", "csrf");
    private static final Viewer OPERATOR = new Viewer("olga", Viewer.Role.OPERATOR, null, "csrf");
    @TempDir
    Path stateDir;
    private LogsFixture fixture;
    private LogArchive archive;

    @BeforeEach
    void start() throws Exception {
        fixture = new LogsFixture(stateDir);
        archive = fixture.console.logArchive();
        upload("acme", "sjc-20261207T100000Z-000000.log.gz", "2026-12-07T10:00:00.000Z", "2026-12-07T10:04:59.999Z");
        upload("acme", "sjc-20261207T110000Z-000001.log.gz", "2026-12-07T11:00:00.000Z", "2026-12-07T11:04:00.000Z");
        upload("beta", "sjc-20261207T100000Z-000002.log.gz", "2026-12-07T10:00:00.000Z", "2026-12-07T10:01:00.000Z");
    }

    private void upload(String customer, String name, String first, String last) throws Exception {
        assertThat(fixture.upload(SJC_TOKEN, customer, name, gzip(line(first, "/"), line(last, "/"))).statusCode())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aCustomerViewerListsOnlyTheirFilesNewestFirst() {
        assertThat(archive.list(ACME, FROM, TO)).extracting(LogFile::name)
                .containsExactly("sjc-20261207T110000Z-000001.log.gz", "sjc-20261207T100000Z-000000.log.gz");
    }

    @Test
    void anOperatorListsEveryoneOrTheCustomerTheyChose() {
        assertThat(archive.list(OPERATOR, FROM, TO)).hasSize(3);
        Viewer chose = new Viewer("olga", Viewer.Role.OPERATOR, "beta", "csrf");
        assertThat(archive.list(chose, FROM, TO)).extracting(LogFile::customer).containsExactly("beta");
    }

    @Test
    void listsFilesWhoseRequestsOverlapThePeriod() {
        Instant tenOhTwo = Instant.parse("2026-12-07T10:02:00Z");
        assertThat(archive.list(ACME, tenOhTwo, Instant.parse("2026-12-07T10:30:00Z"))).extracting(LogFile::name)
                .containsExactly("sjc-20261207T100000Z-000000.log.gz");
        assertThat(archive.list(ACME, Instant.parse("2026-12-07T12:00:00Z"), TO)).isEmpty();
    }

    @Test
    void opensOnlyWhatTheViewerMaySeeAndOnlyByAValidName() throws Exception {
        assertThat(archive.open(ACME, "acme", "sjc-20261207T100000Z-000000.log.gz")).isPresent();
        assertThat(archive.open(ACME, "beta", "sjc-20261207T100000Z-000002.log.gz")).isEmpty();
        assertThat(archive.open(OPERATOR, "beta", "sjc-20261207T100000Z-000002.log.gz")).isPresent();
        assertThat(archive.open(ACME, "acme", "../beta/sjc-20261207T100000Z-000002.log.gz")).isEmpty();
        assertThat(archive.open(ACME, "acme", "sjc-20261207T100000Z-000002.log.gz")).as("beta's name").isEmpty();
        assertThat(archive.open(OPERATOR, "../logs/beta", "sjc-20261207T100000Z-000002.log.gz")).isEmpty();
        assertThat(archive.open(ACME, null, "sjc-20261207T100000Z-000000.log.gz")).isEmpty();
        try (InputStream in = archive.open(ACME, "acme", "sjc-20261207T100000Z-000000.log.gz").orElseThrow().open()) {
            assertThat(in.readAllBytes()).hasSizeGreaterThan(20);
        }
    }
}
