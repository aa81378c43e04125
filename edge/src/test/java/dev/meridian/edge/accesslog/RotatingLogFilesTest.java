package dev.meridian.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogFilesTest {
    private static final long START = Instant.parse("2026-12-07T21:00:00Z").toEpochMilli();

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(START);
    private final AtomicInteger completions = new AtomicInteger();

    private RotatingLogFiles files(long rotateSize, long rotateEveryMillis) {
        return new RotatingLogFiles(dir.resolve("open"), dir.resolve("outbox"), "sjc", rotateSize, rotateEveryMillis,
                now::get, completions::incrementAndGet);
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> completed(String customer) throws IOException {
        Path outbox = dir.resolve("outbox").resolve(customer);
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(outbox)) {
            return s.sorted().toList();
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rotatesBySizeIntoCompressedFilesThatHoldEveryLineInOrder() throws Exception {
        RotatingLogFiles files = files(100, 60_000);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String text = "line " + i + " " + "x".repeat(24); // 32 bytes with the line feed
            files.append("acme", line(text));
            all.append(text).append('\n');
        }
        files.close();

        List<Path> done = completed("acme");
        assertThat(done).hasSize(3).allSatisfy(p -> assertThat(p.getFileName().toString())
                .matches("sjc-20261207T210000Z-00000[0-2]\\.log\\.gz"));
        assertThat(gunzip(done.get(0))).as("closed once 100 bytes are reached").hasSize(128);
        assertThat(done.stream().map(p -> {
            try {
                return gunzip(p);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).reduce("", String::concat)).isEqualTo(all.toString());
        assertThat(completions.get()).isEqualTo(3);
        assertThat(dir.resolve("open").resolve("acme")).isEmptyDirectory();
    }

    @Test
    void rotatesByAgeOnTheClockAndKeepsCustomersApart() throws Exception {
        RotatingLogFiles files = files(1 << 20, 60_000);
        files.append("acme", line("a1"));
        now.addAndGet(30_000);
        files.append("beta", line("b1"));
        now.addAndGet(29_999);
        files.rotateDue();
        assertThat(completed("acme")).as("59.999 s old").isEmpty();

        now.addAndGet(1);
        files.rotateDue();
        assertThat(completed("acme")).hasSize(1);
        assertThat(completed("beta")).as("30 s old").isEmpty();
        files.append("acme", line("a2"));
        now.addAndGet(30_000);
        files.rotateDue();

        assertThat(completed("beta")).hasSize(1);
        assertThat(gunzip(completed("beta").get(0))).isEqualTo("b1\n");
        assertThat(completed("acme")).hasSize(1);
        assertThat(gunzip(completed("acme").get(0))).isEqualTo("a1\n");
        now.addAndGet(30_000);
        files.rotateDue();
        assertThat(completed("acme")).extracting(p -> p.getFileName().toString())
                .containsExactly("sjc-20261207T210000Z-000000.log.gz", "sjc-20261207T210100Z-000002.log.gz");
    }

    @Test
    void filesLeftOpenByAnEarlierRunAreCompletedAtStartWithoutReusingTheirNames() throws Exception {
        RotatingLogFiles crashed = files(1 << 20, 60_000);
        crashed.append("acme", line("before the crash"));
        crashed.flush();

        RotatingLogFiles restarted = files(1 << 20, 60_000);
        restarted.recover();
        restarted.append("acme", line("after"));
        restarted.close();

        List<Path> done = completed("acme");
        assertThat(done).extracting(p -> p.getFileName().toString())
                .containsExactly("sjc-20261207T210000Z-000000.log.gz", "sjc-20261207T210000Z-000001.log.gz");
        assertThat(gunzip(done.get(0))).isEqualTo("before the crash\n");
        assertThat(gunzip(done.get(1))).isEqualTo("after\n");
    }
}
