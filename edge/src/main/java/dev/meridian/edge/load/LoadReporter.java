package dev.meridian.edge.load;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.observability.SystemLoad;
import dev.meridian.edge.gtm.GtmFanOut;
import dev.meridian.probe.load.LoadReport;
import dev.meridian.probe.wire.LoadReportJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports this edge's load to every GTM server at an interval: requests in flight, requests per
 * second since the last report, CPU, and the host's load figure ({@code 10 x load average + swap used
 * in MB}). POSTs the {@link LoadReportJson} wire form to each GTM admin listener's {@code /v1/load} with
 * an operator token, so every server ranks by the same load without depending on another; at most one
 * report per server is in flight, and a server that does not answer only costs its own skipped reports.
 */
public final class LoadReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadReporter.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final String pop;
    private final GtmFanOut gtms;
    private final RequestCounter requests;
    private final SystemLoad system;
    private final Clock clock;
    private final OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2))
            .callTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("edge-load-reporter"));
    private long lastFinished;
    private long lastNanos = System.nanoTime();

    /** @param gtmAdmins the admin listener of every GTM server */
    public LoadReporter(String pop, List<URI> gtmAdmins, String token, RequestCounter requests, SystemLoad system,
                        Clock clock, MeterRegistry registry) {
        this.pop = pop;
        this.gtms = new GtmFanOut(gtmAdmins.stream().map(u -> HttpUrl.get(u.resolve("/v1/load"))).toList(), token, client,
                "load reports", registry, pop);
        this.requests = requests;
        this.system = system;
        this.clock = clock;
    }

    /** A reporter to every GTM server of the config, when the GTM probes ({@code dns.probes}) and there is a token. */
    public static Optional<LoadReporter> fromConfig(MeridianConfig config, String pop, RequestCounter requests,
                                                    MeterRegistry registry) {
        if (config.dns() == null || config.dns().probes() == null || config.dns().gtmAdmins().isEmpty()
                || config.operatorTokens().isEmpty()) {
            return Optional.empty();
        }
        List<URI> gtms = config.dns().gtmAdmins().stream().map(h -> URI.create("http://" + h)).toList();
        return Optional.of(new LoadReporter(pop, gtms, config.operatorTokens().get(0), requests, SystemLoad.ofHost(),
                Clock.systemUTC(), registry));
    }

    public LoadReporter start(Duration interval) {
        timer.scheduleWithFixedDelay(this::reportOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The report as it would be sent now (and the rate window moves on). */
    synchronized LoadReport report() {
        long now = System.nanoTime();
        long finished = requests.finished();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        double rate = (finished - lastFinished) / seconds;
        lastFinished = finished;
        lastNanos = now;
        return new LoadReport(pop, clock.instant(), (int) Math.min(Integer.MAX_VALUE, requests.inFlight()),
                Math.round(rate * 100) / 100.0, system.cpu(), system.loadFigure());
    }

    private void reportOnce() {
        try {
            gtms.post(LoadReportJson.write(report()));
        } catch (Exception e) {
            log.warn("could not send a load report", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
    }
}
