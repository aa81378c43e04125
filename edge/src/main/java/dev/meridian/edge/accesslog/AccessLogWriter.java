package dev.meridian.edge.accesslog;

import dev.meridian.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes finished lines from the I/O threads without ever making them wait: a bounded queue, drained by
 * one writer thread that owns the files. When the queue is full (the disk is slower than the traffic)
 * the line is dropped and counted, the request is not held.
 */
final class AccessLogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    /** How often open files are flushed and checked for age, also when no request comes. */
    static final long TICK_MILLIS = 200;
    private static final int BATCH = 1024;
    private static final long WARN_EVERY_MILLIS = 60_000;

    private record Line(String customer, String text) {
    }

    private final BlockingQueue<Line> queue;
    private final RotatingLogFiles files;
    private final LongSupplier clock;
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private long lastWarn = Long.MIN_VALUE;
    private volatile Thread thread;
    private volatile boolean closed;

    AccessLogWriter(int capacity, RotatingLogFiles files, LongSupplier clock) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.files = files;
        this.clock = clock;
    }

    AccessLogWriter start(String threadName) {
        Thread t = DaemonThreads.named(threadName).newThread(this::run);
        thread = t;
        t.start();
        return this;
    }

    /** Queues a line of {@code customer}'s; never blocks. False (and counted) when the queue is full. */
    boolean offer(String customer, String line) {
        if (queue.offer(new Line(customer, line))) {
            return true;
        }
        dropped.increment();
        return false;
    }

    private void run() {
        List<Line> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                Line first = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    write(batch);
                    batch.clear();
                }
                tick();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("access log writer failed; going on", e);
            }
        }
    }

    /** Writes what is queued now (the writer thread's job; tests call it instead). */
    void drain() {
        List<Line> batch = new ArrayList<>();
        queue.drainTo(batch);
        write(batch);
    }

    /** Flushes open files and completes those due for rotation. */
    void tick() {
        files.flush();
        files.rotateDue();
    }

    private void write(List<Line> batch) {
        for (Line line : batch) {
            try {
                files.append(line.customer(), (line.text() + '\n').getBytes(StandardCharsets.UTF_8));
                written.increment();
            } catch (IOException e) {
                failed.increment();
                long now = clock.getAsLong();
                if (now - lastWarn >= WARN_EVERY_MILLIS) {
                    lastWarn = now;
                    log.warn("cannot write {}'s access log ({} lines lost so far): {}", line.customer(), failed.sum(),
                            e.toString());
                }
            }
        }
    }

    long written() {
        return written.sum();
    }

    /** Lines dropped because the queue was full. */
    long dropped() {
        return dropped.sum();
    }

    /** Lines lost to a disk error. */
    long failed() {
        return failed.sum();
    }

    /** Stops the thread, writes what is still queued and completes every open file. */
    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            // Not interrupted: an interrupt closes the file channel it may be writing to. It sees the
            // flag within one tick.
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
        files.close();
    }
}
