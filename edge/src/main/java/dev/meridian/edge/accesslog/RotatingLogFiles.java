package dev.meridian.edge.accesslog;

import dev.meridian.uplink.logs.LogFileName;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open file per customer under {@code <open>/<customer>/}, closed when it reaches the rotation size
 * or age, then gzip-compressed into {@code <outbox>/<customer>/<name>.log.gz} (written aside and renamed,
 * so the shipper never sees half a file). Files a previous run left open are completed by
 * {@link #recover()}. Used by one thread only (the writer's).
 */
final class RotatingLogFiles implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RotatingLogFiles.class);
    private static final String OPEN_SUFFIX = ".log";
    private static final int BUFFER = 64 * 1024;

    private static final class OpenFile {
        final String customer;
        final LogFileName name;
        final Path path;
        final OutputStream out;
        final long openedAt;
        long bytes;

        OpenFile(String customer, LogFileName name, Path path, OutputStream out, long openedAt) {
            this.customer = customer;
            this.name = name;
            this.path = path;
            this.out = out;
            this.openedAt = openedAt;
        }
    }

    private final Path openDir;
    private final Path outbox;
    private final String pop;
    private final long rotateSize;
    private final long rotateEveryMillis;
    private final LongSupplier clock;
    private final Runnable onCompleted;
    private final Map<String, OpenFile> open = new HashMap<>();
    private int seq;
    private long completed;

    /**
     * @param onCompleted told after each file lands in the outbox (wakes the shipper)
     */
    RotatingLogFiles(Path openDir, Path outbox, String pop, long rotateSize, long rotateEveryMillis, LongSupplier clock,
                     Runnable onCompleted) {
        this.openDir = openDir;
        this.outbox = outbox;
        this.pop = pop;
        this.rotateSize = rotateSize;
        this.rotateEveryMillis = rotateEveryMillis;
        this.clock = clock;
        this.onCompleted = onCompleted;
    }

    /** Appends one line (with its line feed) to the customer's file, opening one or rotating as needed. */
    void append(String customer, byte[] line) throws IOException {
        long now = clock.getAsLong();
        OpenFile file = open.get(customer);
        if (file == null) {
            file = openFile(customer, now);
            open.put(customer, file);
        }
        file.out.write(line);
        file.bytes += line.length;
        if (file.bytes >= rotateSize) {
            open.remove(customer);
            complete(file);
        }
    }

    /** Completes every file that has been open for the rotation period. */
    void rotateDue() {
        long now = clock.getAsLong();
        for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
            OpenFile file = it.next();
            if (now - file.openedAt >= rotateEveryMillis) {
                it.remove();
                completeQuietly(file);
            }
        }
    }

    /** Pushes buffered lines to the files, so a crash loses at most what came since. */
    void flush() {
        for (OpenFile file : open.values()) {
            try {
                file.out.flush();
            } catch (IOException e) {
                log.warn("cannot write access log {}: {}", file.path, e.toString());
            }
        }
    }

    /** Completes the files a previous run left open (a crash, a kill): their lines still ship. */
    void recover() throws IOException {
        if (!Files.isDirectory(openDir)) {
            return;
        }
        List<OpenFile> left = new ArrayList<>();
        try (DirectoryStream<Path> customers = Files.newDirectoryStream(openDir)) {
            for (Path dir : customers) {
                String customer = dir.getFileName().toString();
                if (!Files.isDirectory(dir) || !LogFileName.ID.matcher(customer).matches()) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + OPEN_SUFFIX)) {
                    for (Path path : files) {
                        Optional<LogFileName> name = LogFileName.parse(path.getFileName() + ".gz");
                        if (name.isPresent()) {
                            left.add(new OpenFile(customer, name.get(), path, OutputStream.nullOutputStream(), 0));
                        }
                    }
                }
            }
        }
        for (OpenFile file : left) {
            completeQuietly(file);
        }
    }

    /** Files completed so far. */
    long completed() {
        return completed;
    }

    /** Completes every open file. */
    @Override
    public void close() {
        List<OpenFile> all = new ArrayList<>(open.values());
        open.clear();
        all.forEach(this::completeQuietly);
    }

    private OpenFile openFile(String customer, long now) throws IOException {
        Path dir = Files.createDirectories(openDir.resolve(customer));
        Path outDir = outbox.resolve(customer);
        for (int tries = 0; tries <= LogFileName.MAX_SEQ; tries++) {
            LogFileName name = new LogFileName(pop, Instant.ofEpochMilli(now), seq);
            seq = seq == LogFileName.MAX_SEQ ? 0 : seq + 1;
            Path path = dir.resolve(openName(name));
            // Names are unique: a previous run may have used this second and number already.
            if (!Files.exists(path) && !Files.exists(outDir.resolve(name.toString()))) {
                return new OpenFile(customer, name, path,
                        new BufferedOutputStream(Files.newOutputStream(path), BUFFER), now);
            }
        }
        throw new IOException("every sequence number of this second is taken in " + dir);
    }

    private static String openName(LogFileName name) {
        String full = name.toString();
        return full.substring(0, full.length() - ".gz".length());
    }

    private void completeQuietly(OpenFile file) {
        try {
            complete(file);
        } catch (IOException e) {
            log.warn("cannot complete access log {}: {}; it is kept for the next start", file.path, e.toString());
        }
    }

    private void complete(OpenFile file) throws IOException {
        file.out.close();
        Path dir = Files.createDirectories(outbox.resolve(file.customer));
        Path target = dir.resolve(file.name.toString());
        Path aside = dir.resolve(file.name + ".tmp");
        try (InputStream in = Files.newInputStream(file.path);
             OutputStream gz = new GZIPOutputStream(Files.newOutputStream(aside), BUFFER)) {
            in.transferTo(gz);
        }
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(file.path);
        completed++;
        onCompleted.run();
    }
}
