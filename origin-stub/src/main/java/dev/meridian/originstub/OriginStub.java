package dev.meridian.originstub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.meridian.originstub.control.ControlApi;
import dev.meridian.originstub.control.HeaderOverrides;
import dev.meridian.originstub.control.RequestLog;
import dev.meridian.originstub.faults.FaultPlan;
import dev.meridian.originstub.faults.FaultRule;
import dev.meridian.originstub.site.SampleSite;
import dev.meridian.originstub.site.SiteVersion;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A runnable origin for one customer, on WireMock: the {@link SampleSite} with validators and 304s,
 * steerable faults, a content version that can be bumped, and per-path request counts. Controlled
 * through these methods in-process, or over HTTP under {@code /__stub/} (see {@link ControlApi}).
 */
public final class OriginStub implements AutoCloseable {
    public static final String DEFAULT_CDN_HOST = "acme.cdn.test";
    /** Enough for a cache-fill burst; delayed answers wait on the scheduler, not on these threads. */
    private static final int CONTAINER_THREADS = 64;
    private static final int DELAY_THREADS = 8;

    private final WireMockServer server;
    private final String host;
    private final Clock clock;
    private final AtomicReference<SiteVersion> version;
    private final FaultPlan faults = new FaultPlan();
    private final RequestLog requests = new RequestLog();
    private final HeaderOverrides overrides = new HeaderOverrides();

    private OriginStub(String host, int port, String cdnHost, Clock clock) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        this.host = host;
        this.clock = clock;
        this.version = new AtomicReference<>(SiteVersion.first(clock.instant()));
        SampleSite site = new SampleSite(cdnHost, clock);
        ControlApi control = new ControlApi(faults, overrides, requests, this::bumpContent, version::get);
        this.server = new WireMockServer(options()
                .bindAddress(host)
                .port(port)
                .containerThreads(CONTAINER_THREADS)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(DELAY_THREADS)
                .gzipDisabled(true)
                // Response templating (Handlebars) is unused and costs seconds at startup.
                .templatingEnabled(false)
                .extensionScanningEnabled(false)
                .mappingSource(new NoStoredMappings())
                .disableRequestJournal()
                .stubCorsEnabled(false)
                .jettyStopTimeout(1000L)
                .notifier(new QuietNotifier())
                .extensions(new SiteTransformer(site, version::get, faults, requests, overrides, clock), new ControlTransformer(control)));
    }

    /** Starts the stub on host:port (port 0 picks a free one); pages point at {@value #DEFAULT_CDN_HOST}. */
    public static OriginStub start(String host, int port) {
        return start(host, port, DEFAULT_CDN_HOST);
    }

    public static OriginStub start(String host, int port, String cdnHost) {
        OriginStub stub = new OriginStub(host, port, cdnHost, Clock.systemUTC());
        stub.server.start();
        stub.server.stubFor(any(urlPathMatching("/__stub/.*")).atPriority(1)
                .willReturn(aResponse().withTransformers(ControlTransformer.NAME)));
        stub.server.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withTransformers(SiteTransformer.NAME)));
        return stub;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, server.port());
    }

    public int port() {
        return server.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}, for an origin's {@code url} in config. */
    public String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + server.port();
    }

    public int contentVersion() {
        return version.get().number();
    }

    /** Changes every resource's body, ETag and Last-Modified; returns the new version. */
    public int bumpContent() {
        return version.updateAndGet(v -> v.next(clock.instant())).number();
    }

    public void fault(FaultRule rule) {
        faults.set(rule);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Adds or replaces response headers for a path prefix (full and 304 answers); an empty map removes them. */
    public void overrideHeaders(String pathPrefix, Map<String, String> headers) {
        overrides.set(pathPrefix, headers);
    }

    public void clearHeaderOverrides() {
        overrides.clear();
    }

    /** Requests that reached the origin for this path (query excluded). */
    public long requestCount(String path) {
        return requests.count(path);
    }

    public Map<String, Long> requestCounts() {
        return requests.counts();
    }

    /** The latest request's headers for this path, names in lower case. */
    public Optional<Map<String, String>> lastRequestHeaders(String path) {
        return requests.lastHeaders(path);
    }

    public void resetCounts() {
        requests.reset();
    }

    @Override
    public void close() {
        server.stop();
    }
}
