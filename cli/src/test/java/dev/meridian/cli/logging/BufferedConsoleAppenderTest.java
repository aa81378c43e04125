package dev.meridian.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedConsoleAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger access = context.getLogger("meridian.access");
    private final AtomicInteger writes = new AtomicInteger();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream() {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            super.write(b, off, len);
        }
    };
    private final BufferedConsoleAppender appender = new BufferedConsoleAppender();

    private void start(int bufferSize, long flushMillis) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setName("ACCESS");
        appender.setEncoder(encoder);
        appender.setBufferSize(bufferSize);
        appender.setFlushMillis(flushMillis);
        appender.setOutputStream(out);
        appender.start();
        access.setLevel(Level.INFO);
        access.addAppender(appender);
    }

    private String written() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void stop() {
        appender.stop();
    }

    @Test
    void manyLinesGoOutInFewWritesAndInOrder() {
        start(64 * 1024, 60_000);
        for (int i = 0; i < 5_000; i++) {
            access.info("line {}", i);
        }
        appender.stop();
        String[] lines = written().split("\n");
        assertThat(lines).hasSize(5_000);
        assertThat(Arrays.asList(lines).subList(0, 3)).containsExactly("line 0", "line 1", "line 2");
        assertThat(lines[4_999]).isEqualTo("line 4999");
        // About 50 KB of lines: one write when the appender stops (none per line).
        assertThat(writes).hasValueLessThanOrEqualTo(2);
    }

    @Test
    void aFullBufferIsWrittenByTheLineThatFillsIt() {
        start(1024, 60_000);
        for (int i = 0; i < 200; i++) {
            access.info("a line of some length, number {}", i);
        }
        assertThat(writes.get()).isGreaterThan(0);
        assertThat(written().split("\n")[0]).isEqualTo("a line of some length, number 0");
        appender.stop();
        assertThat(written().split("\n")).hasSize(200);
    }

    @Test
    void aQuietLogIsFlushedWithinTheInterval() {
        start(64 * 1024, 50);
        access.info("just one");
        await().atMost(Duration.ofSeconds(5)).until(() -> written().equals("just one\n"));
    }

    @Test
    void aLineLongerThanTheBufferIsWrittenWhole() {
        start(1024, 60_000);
        access.info("short");
        String longLine = "x".repeat(5_000);
        access.info(longLine);
        assertThat(written()).isEqualTo("short\n" + longLine + "\n");
    }
}
