package dev.meridian.edge.image;

import dev.meridian.core.concurrent.CountedRejections;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.edge.cache.CacheKeys;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.PurgeMark;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.edge.inject.HtmlInjection;
import dev.meridian.edge.inject.HtmlRewriter;
import dev.meridian.edge.inject.MeasurementScripts;
import dev.meridian.edge.proxy.FillListener;
import dev.meridian.edge.proxy.Outbound;
import dev.meridian.edge.route.Rejection;
import dev.meridian.edge.route.Route;
import dev.meridian.edge.speed.DrainRates;
import dev.meridian.edge.speed.SpeedClassifier;
import dev.meridian.edge.speed.SpeedVerdict;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.ladder.RenditionLadder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Speed-aware delivery on the edge's way out: measurement scripts into the HTML of properties that
 * measure bandwidth, renditions for the images of properties with images on, the edge's own drain
 * timing of large responses, and, on the way in, signed transformation parameters taken off the URL
 * (so the cache and the origin see the original's URL). As the edge's {@link FillListener} it starts
 * the pre-rendering of images filled under pre-render mode. Follows config reloads.
 */
public final class SpeedAwareOutbound implements Outbound, FillListener, AutoCloseable {
    public static final HttpString X_MERIDIAN_SPEED = new HttpString("X-Meridian-Speed");
    private static final Map<String, HttpString> CLASSIFIER_HEADERS = Map.of("Cookie", Headers.COOKIE,
            "Save-Data", new HttpString("Save-Data"), "ECT", new HttpString("ECT"), "Downlink", new HttpString("Downlink"),
            "RTT", new HttpString("RTT"));
    /** Clients whose drain rate the edge remembers. */
    static final int MAX_MEASURED_CLIENTS = 100_000;
    /** Renders waiting for a thread; beyond this an original is served as it is. */
    static final int RENDER_QUEUE = 256;
    /** Injected HTML copies waiting for a thread; beyond this a page goes out without the scripts. */
    static final int INJECT_QUEUE = 64;

    /** Makes the injected copies of stored HTML that are too costly for an I/O thread (gzip, large). */
    private final CountedRejections injectionsRefused = new CountedRejections();
    private final ThreadPoolExecutor injections = HtmlInjection.newPool(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
            INJECT_QUEUE, injectionsRefused);
    private final SpeedClassifier classifier;
    private final ImageRoute images;
    private final RenderPool renders;
    private volatile Settings settings;

    /** What depends on the config, rebuilt whole on a reload. */
    private record Settings(MeridianConfig config, RenditionLadder ladder, HtmlInjection html, Map<String, String> customerByHost) {
        static Settings of(MeridianConfig config, Executor injections) {
            Map<String, String> customers = new HashMap<>();
            for (CustomerConfig c : config.customers()) {
                c.properties().forEach(p -> customers.put(p.host(), c.id()));
            }
            return new Settings(config, new RenditionLadder(config.images()),
                    new HtmlInjection(new HtmlRewriter(new MeasurementScripts(config.images())), injections),
                    Map.copyOf(customers));
        }
    }

    private SpeedAwareOutbound(MeridianConfig config, SpeedClassifier classifier, ImageRoute images, RenderPool renders) {
        this.classifier = classifier;
        this.images = images;
        this.renders = renders;
        this.settings = Settings.of(config, injections);
    }

    /**
     * Speed-aware delivery for the running config, following its reloads. Imaging limits are the
     * ones at start (they size the render memory budget). Renditions are kept in the POP's cache
     * tiers; the accounting of their quota is rebuilt here from what the disk tier kept.
     *
     * @param workers the edge's pool for blocking work (reading renditions from the disk tier)
     */
    public static SpeedAwareOutbound start(ConfigHolder config, TieredCache cache, Executor workers) {
        MeridianConfig c = config.get();
        RenderPool renders = new RenderPool(Math.max(1, Runtime.getRuntime().availableProcessors()), RENDER_QUEUE);
        Imaging imaging = new Imaging(c.images().limits());
        SpeedAwareOutbound outbound = new SpeedAwareOutbound(c,
                new SpeedClassifier(new DrainRates(MAX_MEASURED_CLIENTS, c.images().remeasure())),
                new ImageRoute(imaging,
                        new RenditionStore(cache, imaging, customer -> config.get().images().quotaBytes(customer),
                                System::currentTimeMillis),
                        renders, workers),
                renders);
        config.onChange(outbound::reconfigure);
        return outbound;
    }

    /** The kept renditions (purging an original purges them: see {@link RenditionStore#purge}). */
    public RenditionStore renditions() {
        return images.store();
    }

    /** Renders done so far (serving a kept rendition, or joining a render in flight, does none). */
    public long rendersStarted() {
        return images.rendered();
    }

    /** Pre-renders dropped so far because the render pool's background share was full. */
    public long prerendersDropped() {
        return renders.backgroundDropped();
    }

    /** Stored pages sent without the measurement scripts so far because the injection pool was full. */
    public long injectionsDropped() {
        return injectionsRefused.count();
    }

    /**
     * Counters of renders, dropped pre-renders and pages sent without the scripts for want of an
     * injection thread, and the kept renditions, for the POP's {@code /metrics}.
     */
    public void bindMetrics(MeterRegistry registry, String popId) {
        Tags tags = Tags.of("pop", popId);
        FunctionCounter.builder("meridian.edge.renders", this, SpeedAwareOutbound::rendersStarted)
                .description("Renditions rendered").tags(tags).register(registry);
        FunctionCounter.builder("meridian.edge.prerenders.dropped", this, SpeedAwareOutbound::prerendersDropped)
                .description("Pre-renders dropped because the render pool's background share was full").tags(tags)
                .register(registry);
        FunctionCounter.builder("meridian.edge.injections.dropped", this, SpeedAwareOutbound::injectionsDropped)
                .description("Stored HTML pages sent without the measurement scripts because the injection pool was full")
                .tags(tags).register(registry);
        Gauge.builder("meridian.edge.renditions.kept", this, o -> o.renditions().count())
                .description("Renditions kept in the cache tiers").tags(tags).register(registry);
    }

    /**
     * After a fill stored an original: for an image whose mode is pre-render, every class is rendered
     * in the background. Only hands work to the render pool.
     */
    @Override
    public void stored(Route route, String key, CachedResponse response, PurgeMark purgeMark) {
        PropertyConfig p = route.property();
        if (!imagesOn(p) || p.images().modeFor(route.originPath()) != PropertyImagesConfig.Mode.PRE_RENDER
                || !ImageRoute.renderable(response)) {
            return;
        }
        Settings s = settings;
        images.prerender(route, key, response, purgeMark, s.customerByHost().getOrDefault(p.host(), "-"), p.images(), s.ladder());
    }

    @Override
    public void close() {
        renders.close();
        injections.shutdownNow();
    }

    public void reconfigure(MeridianConfig config) {
        this.settings = Settings.of(config, injections);
    }

    private static boolean imagesOn(PropertyConfig p) {
        return p.images() != null && p.images().enabled();
    }

    @Override
    public Route route(HttpServerExchange ex, Route route) throws Rejection {
        PropertyConfig p = route.property();
        if (!imagesOn(p) || route.rawQuery().isEmpty()) {
            return route;
        }
        UrlSigner.Parsed parsed = UrlSigner.parse(route.originPath(), route.rawQuery(), p.images().signingKeys());
        if (parsed.transformation().isEmpty()) {
            return route;
        }
        ex.putAttachment(ImageRoute.TRANSFORMATION, parsed.transformation().get());
        String scheme = route.origin().uri().getScheme().toLowerCase(Locale.ROOT);
        return new Route(p, route.origin(), route.originPath(), parsed.remainingQuery(),
                CacheKeys.url(scheme, route.origin().host(), route.originPath(), parsed.remainingQuery()));
    }

    @Override
    public void send(HttpServerExchange ex, Route route, CachedResponse response, CacheStatus status, Next next) {
        PropertyConfig p = route.property();
        Settings s = settings;
        if (imagesOn(p) && ImageRoute.renderable(response)) {
            String customer = s.customerByHost().getOrDefault(p.host(), "-");
            SpeedVerdict speed = classifier.classify(s.config().images(), name -> requestHeader(ex, name), clientAddress(ex),
                    System.currentTimeMillis());
            ex.getResponseHeaders().put(X_MERIDIAN_SPEED, speed.header());
            PropertyImagesConfig config = p.images();
            var request = new ImageRoute.Request(customer, config, s.ladder(), speed,
                    ex.getAttachment(ImageRoute.TRANSFORMATION), s.config().images().renderWait());
            images.send(ex, route, response, status, request, timedDrain(ex, next));
            return;
        }
        if (response.bodyLength() >= DrainRates.MIN_BYTES) {
            timeDrain(ex);
        }
        if (p.measureBandwidth()) {
            s.html().send(ex, response, status, next);
        } else {
            next.send(response, status);
        }
    }

    @Override
    public BodyRewrite relayed(HttpServerExchange ex, Route route) {
        return route.property().measureBandwidth() ? settings.html().relayed(ex) : null;
    }

    /**
     * Times the drain of whatever image response goes out (a rendition, or the original), from when
     * it starts to be written, so a render's time never counts as the client's; small ones say
     * nothing about the client and are not timed.
     */
    private Next timedDrain(HttpServerExchange ex, Next next) {
        return new Next() {
            @Override
            public void send(CachedResponse response, CacheStatus status) {
                if (response.bodyLength() >= DrainRates.MIN_BYTES) {
                    timeDrain(ex);
                }
                next.send(response, status);
            }

            @Override
            public void streaming(CacheStatus status) {
                timeDrain(ex);
                next.streaming(status);
            }
        };
    }

    /** The edge's own measurement: bytes over time from the first byte written to the last. */
    private void timeDrain(HttpServerExchange ex) {
        long start = System.nanoTime();
        InetAddress client = clientAddress(ex);
        if (client == null) {
            return;
        }
        ex.addExchangeCompleteListener((done, nextListener) -> {
            classifier.drains().record(client, done.getResponseBytesSent(), System.nanoTime() - start);
            nextListener.proceed();
        });
    }

    /**
     * A request header the classifier reads, looked up by a name whose case-insensitive hash is
     * already computed (Undertow hashes a String name on every lookup).
     */
    private static String requestHeader(HttpServerExchange ex, String name) {
        HttpString known = CLASSIFIER_HEADERS.get(name);
        return known != null ? ex.getRequestHeaders().getFirst(known) : ex.getRequestHeaders().getFirst(name);
    }

    /** The peer's address as it is: formatting it as text costs more than the rest of a hit's classification. */
    private static InetAddress clientAddress(HttpServerExchange ex) {
        InetSocketAddress source = ex.getSourceAddress();
        return source == null ? null : source.getAddress();
    }
}
