package dev.meridian.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T21:00:00Z");
    @TempDir
    Path stateDir;
    private Database database;
    private LogStore store;
    private LogFilesTable table;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(Database.embedded(stateDir));
        store = new LogStore(stateDir);
        table = new LogFilesTable(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<LogFile> files(String customer, int count, Instant lastTime) throws Exception {
        List<LogFile> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "sjc-" + (lastTime.getEpochSecond() == NOW.getEpochSecond() ? "20261207T210000Z" : "20261001T000000Z")
                    + "-" + String.format(Locale.ROOT, "%06d", i) + ".log.gz";
            LogFile f = new LogFile(customer, name, "sjc", 10, 1, "0".repeat(64), lastTime.minusSeconds(60), lastTime,
                    lastTime);
            Path path = store.path(customer, name).orElseThrow();
            Files.createDirectories(path.getParent());
            Files.writeString(path, "x");
            assertThat(table.insert(f)).isTrue();
            made.add(f);
        }
        return made;
    }

    @Test
    void deletesRowsAndFilesPastRetentionInBatchesAndKeepsTheRest() throws Exception {
        List<LogFile> old = files("acme", LogRetention.BATCH * 2 + 7, NOW.minus(Duration.ofDays(40)));
        List<LogFile> recent = files("beta", 3, NOW);
        LogRetention retention = new LogRetention(store, table, Clock.fixed(NOW, ZoneOffset.UTC), () -> Duration.ofDays(30));

        assertThat(retention.run()).isEqualTo(old.size());

        assertThat(table.list(null, Instant.EPOCH, NOW.plusSeconds(1), 10_000)).extracting(LogFile::customer)
                .containsOnly("beta").hasSize(3);
        assertThat(store.path("acme", old.get(0).name()).orElseThrow()).doesNotExist();
        assertThat(store.path("acme", old.get(old.size() - 1).name()).orElseThrow()).doesNotExist();
        assertThat(store.path("beta", recent.get(0).name()).orElseThrow()).exists();
        assertThat(retention.run()).isZero();
    }

    @Test
    void aReloadedRetentionAppliesAtTheNextRun() throws Exception {
        files("acme", 3, NOW.minus(Duration.ofDays(2)));
        AtomicReference<Duration> configured = new AtomicReference<>(Duration.ofDays(30));
        LogRetention retention = new LogRetention(store, table, Clock.fixed(NOW, ZoneOffset.UTC), configured::get);
        assertThat(retention.run()).isZero();

        configured.set(Duration.ofDays(1));

        assertThat(retention.run()).isEqualTo(3);
        assertThat(table.list("acme", Instant.EPOCH, NOW, 10)).isEmpty();
    }
}
