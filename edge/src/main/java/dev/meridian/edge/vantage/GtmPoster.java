package dev.meridian.edge.vantage;

import dev.meridian.core.config.HostPort;
import dev.meridian.edge.gtm.GtmFanOut;
import dev.meridian.probe.service.PendingResults;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.service.ProbeResultSink;
import dev.meridian.probe.wire.ResultJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Sends this vantage point's probe results to every GTM server ({@code POST /v1/probes/results}
 * with the operator token), in batches on each {@link #flush}. Every server gets every result
 * straight from here, so none depends on another to learn what this POP sees. Bounded: results
 * wait in a queue of {@value #QUEUE} (the oldest are not kept when it is full), and a server whose
 * previous batch is still out misses a batch; its votes from here age out rather than pile up.
 */
final class GtmPoster implements ProbeResultSink {
    static final int QUEUE = 2048;
    static final String PATH = "/v1/probes/results";

    private final PendingResults pending = new PendingResults(QUEUE);
    private final GtmFanOut gtms;
    private final Counter dropped;

    GtmPoster(List<HostPort> gtmAdmins, String token, OkHttpClient client, MeterRegistry registry, String pop) {
        this.gtms = new GtmFanOut(gtmAdmins.stream().map(h -> HttpUrl.get("http://" + h + PATH)).toList(), token, client,
                "probe results", registry, pop);
        this.dropped = Counter.builder("meridian.edge.vantage.results.dropped")
                .description("Probe results this vantage point dropped unsent because its queue to the GTM servers was full")
                .tag("pop", pop).register(registry);
    }

    @Override
    public void accept(ProbeResult result) {
        dropped.increment(pending.add(result));
    }

    /** Sends what has queued up to every server that is not still busy with the previous batch. */
    void flush() {
        List<ProbeResult> batch = pending.drain();
        if (!batch.isEmpty()) {
            gtms.post(ResultJson.probes(batch));
        }
    }
}
