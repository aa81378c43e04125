package dev.meridian.probe.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A vantage point's probe results waiting to be posted as one batch (an edge's to the GTM servers,
 * a GTM server's own to its peers). Bounded: when full, the oldest result goes, since a newer one
 * about the same address says more. Thread-safe.
 */
public final class PendingResults {
    private final BlockingQueue<ProbeResult> queue;

    public PendingResults(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues a result; returns how many older ones were dropped to make room for it. */
    public int add(ProbeResult result) {
        int dropped = 0;
        while (!queue.offer(result)) {
            if (queue.poll() != null) {
                dropped++;
            }
        }
        return dropped;
    }

    /** Takes everything queued, oldest first; empty when nothing is. */
    public List<ProbeResult> drain() {
        List<ProbeResult> batch = new ArrayList<>();
        queue.drainTo(batch);
        return batch;
    }
}
