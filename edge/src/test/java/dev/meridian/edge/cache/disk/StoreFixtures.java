package dev.meridian.edge.cache.disk;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/** Small helpers shared by the disk store tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] body(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static boolean put(DiskStore store, String key, String meta, byte[] body) {
        DiskObjectWriter w = store.writer(key, bytes(meta), List.of()).orElseThrow();
        // In pieces, as bodies arrive from an origin.
        for (int off = 0; off < body.length; off += 7000) {
            if (!w.write(ByteBuffer.wrap(body, off, Math.min(7000, body.length - off)))) {
                return false;
            }
        }
        return w.commit();
    }

    static byte[] read(DiskStore store, String key) throws IOException {
        ByteBuffer body = store.get(key).orElseThrow(() -> new AssertionError("not stored: " + key)).body();
        byte[] out = new byte[body.remaining()];
        body.get(out);
        return out;
    }

    static List<Path> objectFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("objects"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    static long bytesOnDisk(Path dir) throws IOException {
        long total = 0;
        for (Path p : objectFiles(dir)) {
            total += Files.size(p);
        }
        return total;
    }

    /** Captures what a class logs, so tests can check a problem was reported. */
    static ListAppender<ILoggingEvent> captureLog(Class<?> type) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
        return appender;
    }

    static void assertLogged(ListAppender<ILoggingEvent> log, String fragment) {
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains(fragment));
    }
}
