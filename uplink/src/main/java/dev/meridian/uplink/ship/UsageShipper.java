package dev.meridian.uplink.ship;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.uplink.spool.BatchJson;
import dev.meridian.uplink.spool.DiskSpool;
import dev.meridian.uplink.spool.SpooledBatch;
import dev.meridian.uplink.usage.ClosedMinutes;
import dev.meridian.uplink.usage.UsageSource;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships a node's usage: every {@code shipEvery} its one thread closes the finished minutes into a
 * batch ({@code <node>-<sequence>}), writes it to the spool, and delivers the spool oldest first.
 * 200: delivered, deleted. 400: the console will never take it, deleted and counted as dropped.
 * 401/403: kept, logged loudly (at most once a minute), tried again later. No answer or anything
 * else: kept, tried again after a back-off that doubles up to {@link #MAX_BACKOFF}. The serving
 * threads only ever touch the counters. {@link #close} puts the current minute into the spool.
 */
public final class UsageShipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageShipper.class);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** Rows per batch at most: a GTM's busy minute is split rather than sent as one body the console refuses. */
    static final int MAX_ROWS_PER_BATCH = 50_000;
    private static final long LOUD_EVERY_MILLIS = 60_000;

    private final String node;
    private final DiskSpool spool;
    private final UsageSource source;
    private final IngestClient client;
    private final Duration every;
    private final LongSupplier clock;
    private final ScheduledExecutorService thread;
    /** The rest is the shipper thread's alone (and close's, after that thread has stopped). */
    private int failures;
    private long nextAttemptAt;
    private long lastLoudAt = Long.MIN_VALUE / 2;
    private volatile long delivered;

    /**
     * @param clock milliseconds since the epoch: which minutes are finished, and back-off
     */
    public UsageShipper(String node, String consoleUrl, String token, DiskSpool spool, UsageSource source, Duration every,
                        LongSupplier clock) {
        this.node = node;
        this.spool = spool;
        this.source = source;
        this.client = new IngestClient(URI.create(consoleUrl + "/v1/ingest/usage"), token, node);
        this.every = every;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("usage-" + node + "-shipper"));
    }

    /** Starts the shipper's thread; returns this. */
    public UsageShipper start() {
        thread.scheduleWithFixedDelay(this::tickSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("usage of node {} shipped to {} every {} ms (spool {})", node, client.endpoint(), every.toMillis(), spool.dir());
        return this;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("usage shipping of node {} failed this round", node, e);
        }
    }

    /** One round: spool the finished minutes, then deliver what the spool holds unless backing off. */
    void tick() throws InterruptedException {
        long now = clock.getAsLong();
        spoolRows(source.close(now, false), now);
        if (now >= nextAttemptAt) {
            deliver();
        }
    }

    private void spoolRows(ClosedMinutes closed, long now) {
        if (closed.isEmpty()) {
            return;
        }
        for (ClosedMinutes rows : closed.split(MAX_ROWS_PER_BATCH)) {
            try {
                spool.append(sequence -> new UsageBatch(node + "-" + sequence, node, Instant.ofEpochMilli(now), null,
                        rows.edge(), rows.dns()), rows.minutes());
            } catch (IOException e) {
                spool.unwritable(rows.minutes(), e);
            }
        }
    }

    /** Oldest first, until the spool is empty, the console says no, or it does not answer. */
    private void deliver() throws InterruptedException {
        Optional<SpooledBatch> next;
        while ((next = spool.oldest()).isPresent() && !thread.isShutdown()) {
            SpooledBatch spooled = next.get();
            Optional<UsageBatch> read = spool.read(spooled);
            if (read.isEmpty()) {
                continue;
            }
            UsageBatch stored = read.get();
            SpoolStatus status = spool.status();
            UsageBatch batch = new UsageBatch(stored.batchId(), stored.node(), Instant.ofEpochMilli(clock.getAsLong()),
                    status, stored.edge(), stored.dns());
            int answer;
            try {
                answer = client.post(BatchJson.write(batch));
            } catch (IOException e) {
                backOff("no answer from the console: " + e);
                return;
            }
            switch (answer) {
                case 200 -> {
                    spool.delivered(spooled);
                    delivered++;
                    failures = 0;
                }
                case 400 -> spool.refused(spooled);
                case 401, 403 -> {
                    loud(answer);
                    backOff("the console refused node " + node + "'s token (" + answer + ")");
                    return;
                }
                default -> {
                    backOff("the console answered " + answer);
                    return;
                }
            }
        }
    }

    private void backOff(String why) {
        failures++;
        long delay = Math.min(MAX_BACKOFF.toMillis(), every.toMillis() << Math.min(failures - 1, 20));
        nextAttemptAt = clock.getAsLong() + delay;
        if (failures == 1 || Long.bitCount(failures) == 1) {
            log.warn("usage of node {} not delivered ({}); {} batches wait in the spool, next try in {} ms",
                    node, why, spool.status().backlogBatches(), delay);
        }
    }

    private void loud(int answer) {
        long now = clock.getAsLong();
        if (now - lastLoudAt >= LOUD_EVERY_MILLIS) {
            lastLoudAt = now;
            log.error("the console at {} refuses node {} ({}: {}): check console.nodes and this node's token; usage "
                            + "waits in the spool {} until it is accepted", client.endpoint(), node, answer,
                    answer == 401 ? "bad token" : "unknown node or a batch naming another node", spool.dir());
        }
    }

    /** Backlog and drops now. */
    public SpoolStatus status() {
        return spool.status();
    }

    /** Batches the console took since start. */
    public long delivered() {
        return delivered;
    }

    /** The spool's backlog and drops as gauges: {@code meridian.usage.spool.*}, tagged with the node. */
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("meridian.usage.spool.batches", this, s -> s.status().backlogBatches())
                .description("Usage batches waiting for the console").tag("node", node).register(registry);
        Gauge.builder("meridian.usage.spool.bytes", this, s -> s.status().backlogBytes())
                .description("Bytes of usage batches waiting for the console").tag("node", node).register(registry);
        Gauge.builder("meridian.usage.dropped.minutes", this, s -> s.status().droppedMinutes())
                .description("Node-minutes of usage dropped since start (spool full, corrupt, or refused as invalid)")
                .tag("node", node).register(registry);
        Gauge.builder("meridian.usage.batches.delivered", this, UsageShipper::delivered)
                .description("Usage batches the console accepted since start").tag("node", node).register(registry);
    }

    /** Stops the thread (a round in progress finishes), then puts the current minute so far into the spool. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(IngestClient.RESPONSE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        long now = clock.getAsLong();
        spoolRows(source.close(now, true), now);
        client.close();
    }
}
