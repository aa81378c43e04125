package dev.meridian.uplink.logs;

import dev.meridian.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships a node's completed access log files to the console, oldest first, and deletes each only once
 * the console has acknowledged it. Files wait in an outbox, {@code <outbox>/<customer>/<name>}; while
 * the console is away the outbox is bounded by {@code spoolBytes}: the oldest files are dropped, counted
 * and logged, so a long outage costs the oldest logs, never the node's disk.
 *
 * <p>One thread: a round enforces the bound, then uploads until the outbox is empty or an upload
 * fails; after a failure it waits (1 s doubling to 30 s) before the next try. {@link #wake()} starts a
 * round at once (a file was completed).
 */
public final class LogShipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogShipper.class);
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    /** An idle shipper still looks now and then, for files it was not woken for (left from the last run). */
    static final long IDLE_ROUND_MILLIS = 10_000;

    /** One file waiting in the outbox. */
    record Pending(String customer, LogFileName name, Path file, long bytes) {
    }

    private final Path outbox;
    private final long spoolBytes;
    private final LogTransport transport;
    private final LongSupplier clock;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong shipped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long backlogFiles;
    private volatile long backlogBytes;
    private long backoffMillis;
    private long nextAttempt;
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param outbox     the directory the writer puts completed files in
     * @param spoolBytes what the outbox may hold; beyond it the oldest files are dropped
     * @param clock      milliseconds, for the backoff
     */
    public LogShipper(Path outbox, long spoolBytes, LogTransport transport, LongSupplier clock) {
        this.outbox = outbox;
        this.spoolBytes = spoolBytes;
        this.transport = transport;
        this.clock = clock;
    }

    /** Starts the shipping thread. */
    public LogShipper start(String threadName) {
        Thread t = DaemonThreads.named(threadName).newThread(this::run);
        thread = t;
        t.start();
        return this;
    }

    /** A file was completed: ship it soon (no sooner than the backoff allows). */
    public void wake() {
        wakeUp.release();
    }

    private void run() {
        while (!closed) {
            try {
                shipRound();
                wakeUp.tryAcquire(untilNextRound(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("access log shipping round failed; trying again later", e);
            }
        }
    }

    /** A failed upload is tried again when its backoff ends; otherwise the shipper looks now and then. */
    private synchronized long untilNextRound() {
        long wait = nextAttempt - clock.getAsLong();
        return wait > 0 ? Math.min(wait, IDLE_ROUND_MILLIS) : IDLE_ROUND_MILLIS;
    }

    /**
     * One round: drop what the spool has no room for, then upload oldest first until done or refused.
     * Runs on the shipping thread (and in tests, instead of it).
     *
     * @return files the console acknowledged in this round
     */
    public synchronized int shipRound() throws InterruptedException {
        List<Pending> pending = enforceSpool(pending());
        long now = clock.getAsLong();
        if (now < nextAttempt) {
            return 0;
        }
        long before = shipped.get();
        for (Pending p : pending) {
            if (closed) {
                break;
            }
            if (!ship(p)) {
                backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
                nextAttempt = clock.getAsLong() + backoffMillis;
                failures.incrementAndGet();
                break;
            }
            backoffMillis = 0;
            nextAttempt = 0;
        }
        updateBacklog(pending());
        return (int) (shipped.get() - before);
    }

    /** Uploads one file; true when it is dealt with (acknowledged, or refused for good), false to try later. */
    private boolean ship(Pending p) throws InterruptedException {
        LogTransport.Answer answer;
        try {
            answer = transport.put(p.customer(), p.name(), p.file(), sha256(p.file()));
        } catch (IOException e) {
            log.info("console unreachable for access log {}/{}: {}", p.customer(), p.name(), e.toString());
            return false;
        }
        int status = answer.status();
        if (status == 200) {
            shipped.incrementAndGet();
            delete(p.file());
            return true;
        }
        if (status == 400) {
            // The console will never take this file: keeping it would block every later one.
            refused.incrementAndGet();
            log.warn("console refused access log {}/{} for good, dropped: {}", p.customer(), p.name(), answer.body());
            delete(p.file());
            return true;
        }
        if (status == 401 || status == 403) {
            log.error("console refused this node's access log upload ({}: {}); check console.nodes and the token",
                    status, answer.body());
        } else {
            log.info("console answered {} to access log {}/{}; trying again later", status, p.customer(), p.name());
        }
        return false;
    }

    private List<Pending> enforceSpool(List<Pending> pending) {
        long total = pending.stream().mapToLong(Pending::bytes).sum();
        List<Pending> kept = new ArrayList<>(pending);
        while (total > spoolBytes && !kept.isEmpty()) {
            Pending oldest = kept.remove(0);
            total -= oldest.bytes();
            dropped.incrementAndGet();
            log.warn("access log spool over {} bytes: dropped the oldest file {}/{} ({} bytes) unshipped", spoolBytes,
                    oldest.customer(), oldest.name(), oldest.bytes());
            delete(oldest.file());
        }
        updateBacklog(kept);
        return kept;
    }

    private void updateBacklog(List<Pending> pending) {
        backlogFiles = pending.size();
        backlogBytes = pending.stream().mapToLong(Pending::bytes).sum();
    }

    /** Every completed file in the outbox, oldest first. */
    List<Pending> pending() {
        List<Pending> found = new ArrayList<>();
        if (!Files.isDirectory(outbox)) {
            return found;
        }
        try (DirectoryStream<Path> customers = Files.newDirectoryStream(outbox)) {
            for (Path dir : customers) {
                String customer = dir.getFileName().toString();
                if (!Files.isDirectory(dir) || !LogFileName.ID.matcher(customer).matches()) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LogFileName.SUFFIX)) {
                    for (Path file : files) {
                        Optional<LogFileName> name = LogFileName.parse(file.getFileName().toString());
                        if (name.isPresent()) {
                            found.add(new Pending(customer, name.get(), file, Files.size(file)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.warn("cannot list the access log outbox {}: {}", outbox, e.toString());
        }
        found.sort(Comparator.comparing(Pending::name).thenComparing(Pending::customer));
        return found;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return LogUploads.hex(digest.digest());
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    /** Files the console acknowledged. */
    public long shipped() {
        return shipped.get();
    }

    /** Files the console refused for good (400), dropped. */
    public long refused() {
        return refused.get();
    }

    /** Files dropped unshipped because the spool was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Rounds that ended in a failed upload (to be tried again). */
    public long failures() {
        return failures.get();
    }

    public long backlogFiles() {
        return backlogFiles;
    }

    public long backlogBytes() {
        return backlogBytes;
    }

    /** Stops the thread (an upload in flight is abandoned; its file stays for the next run). */
    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        transport.close();
    }
}
