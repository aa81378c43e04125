package dev.meridian.gtm.live;

import dev.meridian.core.config.HostPort;
import dev.meridian.gtm.policy.PersistenceJson;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.latency.MeasurementSink;
import dev.meridian.probe.service.PendingResults;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.wire.ResultJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this server's probe and latency results to the other GTM servers, so every server decides
 * from the same inputs. Fire and forget, bounded per peer: each peer has at most
 * {@value #MAX_IN_FLIGHT_PER_PEER} posts out, so a peer that hangs misses updates and costs the
 * others nothing; a peer that is down costs dropped updates (it re-learns from its own probes and
 * the next results), never memory. This server's own probe results (a queue of {@value #QUEUE}, the
 * oldest go when it is full) and the answers it persists (a queue of {@value #PERSISTED_QUEUE}) wait
 * for the next {@link #flush}, which sends each kind as batches to every peer, as an edge does, rather
 * than a post per item; the DNS threads that persist answers only queue them. At start-up it also
 * asks each peer for the answers it persisted ({@link #pullPersistence}), which it missed while away.
 */
final class PeerPublisher implements MeasurementSink {
    private static final Logger log = LoggerFactory.getLogger(PeerPublisher.class);
    static final int MAX_IN_FLIGHT_PER_PEER = 4;
    static final int QUEUE = 2048;
    static final int PERSISTED_QUEUE = 10_000;
    static final int PERSISTED_BATCH = 1_000;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /**
     * Shares a peer's persisted answers are fetched in: a full table (200,000 answers) makes shares of
     * about 5,000, well under what one persistence body may carry (10,000).
     */
    static final int PULL_PARTS = 40;

    private final Map<URI, Semaphore> peers = new LinkedHashMap<>();
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PendingResults probes = new PendingResults(QUEUE);
    /** Bounded; when full, news is dropped and the peer decides for itself (the later decision then wins). */
    private final BlockingQueue<PersistenceTable.Decided> persisted = new ArrayBlockingQueue<>(PERSISTED_QUEUE);

    PeerPublisher(List<HostPort> peers, String token) {
        peers.forEach(p -> this.peers.put(URI.create("http://" + p), new Semaphore(MAX_IN_FLIGHT_PER_PEER)));
        this.token = token;
    }

    @Override
    public void accept(List<Measurement> results) {
        if (!results.isEmpty()) {
            publish("/v1/latency/measurements", ResultJson.measurements(results));
        }
    }

    /** Queues one of this server's probe results for the next {@link #flush}. */
    void probe(ProbeResult result) {
        probes.add(result);
    }

    /**
     * Queues an answer this server persisted (or kept over a peer's) for the next {@link #flush}, so
     * every server keeps the same ones. Never blocks.
     */
    void persisted(PersistenceTable.Decided decided) {
        persisted.offer(decided);
    }

    /** Sends what is queued to every peer: the probe results as one batch, the persisted answers in batches. */
    void flush() {
        List<ProbeResult> results = probes.drain();
        if (!results.isEmpty()) {
            publish("/v1/probes/results", ResultJson.probes(results));
        }
        List<PersistenceTable.Decided> answers = new ArrayList<>();
        while (persisted.drainTo(answers, PERSISTED_BATCH) > 0) {
            publish("/v1/persistence", PersistenceJson.write(answers));
            answers = new ArrayList<>();
        }
    }

    /**
     * Fetches every peer's persisted answers, share by share, and hands each share to {@code merge};
     * in the background, best effort: a peer that is not up yet is logged and left (it pulls ours
     * when it starts, and both share new decisions as they make them).
     */
    void pullPersistence(Consumer<List<PersistenceTable.Decided>> merge) {
        peers.keySet().forEach(peer -> pullPart(peer, 0, 0, merge));
    }

    private void pullPart(URI peer, int part, int pulled, Consumer<List<PersistenceTable.Decided>> merge) {
        if (part == PULL_PARTS) {
            log.info("pulled {} persisted answers from peer {}", pulled, peer);
            return;
        }
        HttpRequest request = to(peer, "/v1/persistence?part=" + part + "&parts=" + PULL_PARTS).GET().build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
            if (e != null || r.statusCode() != 200) {
                Throwable why = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                log.info("could not pull persisted answers from peer {} ({}); it shares new ones as it decides them", peer,
                        why != null ? why.toString() : "HTTP " + r.statusCode());
                return;
            }
            List<PersistenceTable.Decided> share;
            try {
                share = PersistenceJson.read(r.body());
                merge.accept(share);
            } catch (IllegalArgumentException x) {
                log.warn("peer {} sent persisted answers this server cannot take: {}", peer, x.getMessage());
                return;
            }
            pullPart(peer, part + 1, pulled + share.size(), merge);
        });
    }

    private void publish(String path, byte[] body) {
        peers.forEach((peer, inFlight) -> {
            if (!inFlight.tryAcquire()) {
                log.debug("dropping an update to {}: {} still out", peer, MAX_IN_FLIGHT_PER_PEER);
                return;
            }
            HttpRequest request = to(peer, path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    inFlight.release();
                    if (e != null || r.statusCode() != 200) {
                        log.debug("peer {} did not take an update: {}", peer, e != null ? e.toString() : r.statusCode());
                    }
                });
            } catch (RuntimeException e) {
                inFlight.release();
                log.debug("peer {}: could not send an update: {}", peer, e.toString());
            }
        });
    }

    /** A request to a peer's admin listener, with the operator token and the bound on how long it may take. */
    private HttpRequest.Builder to(URI peer, String path) {
        return HttpRequest.newBuilder(peer.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
    }
}
