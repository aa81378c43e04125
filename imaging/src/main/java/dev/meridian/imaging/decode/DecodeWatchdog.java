package dev.meridian.imaging.decode;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageReader;

/**
 * Aborts a decode that runs past its deadline. ImageIO readers poll their abort flag between rows, so
 * the decoding thread returns promptly and keeps serving; it is never interrupted or killed.
 * One daemon thread serves every decode in the JVM: it only flips flags.
 */
final class DecodeWatchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final ScheduledFuture<?> task;
    private final AtomicBoolean fired = new AtomicBoolean();

    private DecodeWatchdog(ImageReader reader, Duration timeout) {
        this.task = TIMER.schedule(() -> {
            fired.set(true);
            reader.abort();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    static DecodeWatchdog watch(ImageReader reader, Duration timeout) {
        return new DecodeWatchdog(reader, timeout);
    }

    /** Stops watching; returns whether the deadline passed and the reader was told to abort. */
    boolean stop() {
        task.cancel(false);
        return fired.get();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "meridian-decode-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
