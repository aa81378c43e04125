package dev.meridian.gtm.live;

import dev.meridian.core.config.HostPort;
import dev.meridian.gtm.policy.PersistenceJson;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.latency.MeasurementSink;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.wire.ResultJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this server's probe and latency results to the other GTM servers, so every server decides
 * from the same inputs. Fire and forget with a bound on requests in flight: a peer that is down
 * costs dropped updates (it re-learns from its own probes and the next results), never memory.
 */
final class PeerPublisher implements MeasurementSink {
    private static final Logger log = LoggerFactory.getLogger(PeerPublisher.class);
    private static final int MAX_IN_FLIGHT = 16;

    private final List<URI> peers;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    PeerPublisher(List<HostPort> peers, String token) {
        this.peers = peers.stream().map(p -> URI.create("http://" + p)).toList();
        this.token = token;
    }

    @Override
    public void accept(List<Measurement> results) {
        if (!results.isEmpty()) {
            publish("/v1/latency/measurements", ResultJson.measurements(results));
        }
    }

    void probe(ProbeResult result) {
        publish("/v1/probes/results", ResultJson.probes(List.of(result)));
    }

    /** Answers this server persisted (or kept over a peer's), so every server keeps the same ones. */
    void persisted(List<PersistenceTable.Decided> decided) {
        if (!decided.isEmpty()) {
            publish("/v1/persistence", PersistenceJson.write(decided));
        }
    }

    private void publish(String path, byte[] body) {
        for (URI peer : peers) {
            if (!inFlight.tryAcquire()) {
                log.debug("dropping an update to {}: too many in flight", peer);
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(peer.resolve(path))
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null || r.statusCode() != 200) {
                    log.debug("peer {} did not take an update: {}", peer, e != null ? e.toString() : r.statusCode());
                }
            });
        }
    }
}
