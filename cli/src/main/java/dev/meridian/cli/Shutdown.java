package dev.meridian.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until Ctrl-C (or SIGTERM), then closes what it started, newest first. */
final class Shutdown {
    private Shutdown() {
    }

    static void runUntilInterrupted(AutoCloseable... started) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(List.of(started));
            stopped.countDown();
        }, "meridian-shutdown"));
        stopped.await();
    }

    /** Closes in reverse order of starting, reporting but not stopping at a failure. */
    static void closeAll(List<? extends AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + Failures.rootMessage(e));
            }
        }
    }
}
