package dev.meridian.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {
    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(1_796_677_534_123L);

    private AccessLogWriter writer(int capacity) {
        RotatingLogFiles files = new RotatingLogFiles(dir.resolve("open"), dir.resolve("outbox"), "sjc", 1 << 20, 60_000,
                now::get, () -> { });
        return new AccessLogWriter(capacity, files, now::get);
    }

    private long completedFiles(String customer) throws Exception {
        Path outbox = dir.resolve("outbox").resolve(customer);
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(outbox)) {
            return s.count();
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        AccessLogWriter writer = writer(4);
        for (int i = 0; i < 10; i++) {
            writer.offer("acme", "line " + i);
        }

        assertThat(writer.dropped()).isEqualTo(6);
        writer.close();
        assertThat(writer.written()).isEqualTo(4);
        Path file;
        try (Stream<Path> s = Files.list(dir.resolve("outbox").resolve("acme"))) {
            file = s.findFirst().orElseThrow();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList())
                    .isEqualTo(List.of("line 0", "line 1", "line 2", "line 3"));
        }
    }

    @Test
    void theWriterThreadCompletesAFileOnceItIsDue() throws Exception {
        AccessLogWriter writer = writer(1024).start("test-access-log-writer");
        try {
            writer.offer("acme", "hello");
            Awaitility.await().until(() -> writer.written() == 1);
            now.addAndGet(60_000);
            Awaitility.await().until(() -> completedFiles("acme") == 1);
        } finally {
            writer.close();
        }
    }
}
