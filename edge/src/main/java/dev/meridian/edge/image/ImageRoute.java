package dev.meridian.edge.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.edge.cache.CacheKeys;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.PurgeMark;
import dev.meridian.edge.proxy.Outbound;
import dev.meridian.edge.route.Route;
import dev.meridian.edge.speed.SpeedVerdict;
import dev.meridian.edge.usage.EdgeUsage;
import dev.meridian.imaging.EncodedRendition;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.ImagingBusyException;
import dev.meridian.imaging.RenditionSpec;
import dev.meridian.imaging.ladder.RenditionLadder;
import dev.meridian.imaging.layers.ProgressiveLayers;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;

/**
 * Serves an original image as the rendition for the request: the client's speed class, or a signed
 * explicit transformation. Kept renditions come from the {@link RenditionStore} (the cache tiers):
 * memory on the I/O thread, the disk tier on a worker; missing ones are rendered once on the
 * {@link RenderPool}. The mode (on-the-fly, pre-render, hybrid) decides what is kept, and pre-render
 * renders every class in the background as soon as an original is filled ({@link #prerender}).
 * Originals the imaging library refuses go out as they are, and the refusal is remembered for a
 * while so a bad file costs one attempt, not one per request.
 */
public final class ImageRoute {
    private static final Logger log = LoggerFactory.getLogger(ImageRoute.class);
    public static final AttachmentKey<Transformation> TRANSFORMATION = AttachmentKey.create(Transformation.class);
    public static final HttpString X_MERIDIAN_RENDITION = new HttpString("X-Meridian-Rendition");
    private static final Set<String> RENDERABLE = Set.of("image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/gif",
            "image/webp");

    private final Imaging imaging;
    private final RenditionStore store;
    private final RenderPool renders;
    private final Executor workers;
    private final RenditionLayers layers = new RenditionLayers();
    private final AtomicLong rendered = new AtomicLong();
    private final Cache<String, String> refused = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    /** @param workers for reading kept renditions from the disk tier (blocking) */
    public ImageRoute(Imaging imaging, RenditionStore store, RenderPool renders, Executor workers) {
        this.imaging = imaging;
        this.store = store;
        this.renders = renders;
        this.workers = workers;
    }

    /** Whether a stored response is an original this route renders. */
    public static boolean renderable(CachedResponse r) {
        if (r.status() != 200 || r.first("Content-Encoding") != null) {
            return false;
        }
        String type = r.first("Content-Type");
        if (type == null) {
            return false;
        }
        int semi = type.indexOf(';');
        return RENDERABLE.contains((semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT));
    }

    /** What one request asks of this route. */
    record Request(String customer, PropertyImagesConfig images, RenditionLadder ladder, SpeedVerdict speed,
                   Transformation transformation, Duration renderWait) {
    }

    void send(HttpServerExchange ex, Route route, CachedResponse original, CacheStatus status, Request request,
              Outbound.Next next) {
        String path = route.originPath();
        RenditionSource source = RenditionSource.kept(original, route.url(), request.customer(), request.images(), request.ladder());
        if (source == null) {
            // Worked out once per stored original, so a hit on a varying one builds no variant key.
            String storedKey = original.varyNames().isEmpty() ? route.url()
                    : CacheKeys.variant(route.url(), original.varyNames(), name -> ex.getRequestHeaders().get(name));
            source = RenditionSource.of(original, route.url(), storedKey, request.customer(), request.images(), request.ladder(),
                    path);
        }
        PropertyImagesConfig.Layered layered = source.layered();
        Transformation t = request.transformation();
        RenditionSource.Variant variant = t != null ? source.forTransformation(t) : source.forClass(request.speed().speedClass());
        RenditionKey key = variant.key();
        // Conditionals and ranges are answered by the edge's writer from the whole rendition.
        boolean streamLayers = layered != null && ex.getRequestMethod().equals(Methods.GET)
                && !ex.getRequestHeaders().contains(Headers.IF_NONE_MATCH)
                && !ex.getRequestHeaders().contains(Headers.IF_MODIFIED_SINCE) && !ex.getRequestHeaders().contains(Headers.RANGE);
        Delivery delivery = new Delivery(streamLayers ? layered.budget() : null, status, request.renderWait(),
                original.bodyLength());
        // An original the cache may not keep (no-store, say: status PASS) leaves no rendition behind either.
        boolean keep = source.mode() != PropertyImagesConfig.Mode.ON_THE_FLY && status != CacheStatus.PASS;
        if (keep) {
            StoredRendition kept = store.peek(key);
            if (kept != null && streamLayers) {
                kept = layers.cached(kept);
            }
            if (kept != null) {
                deliver(ex, kept, true, delivery, next);
                return;
            }
        }
        if (refused.getIfPresent(source.id()) != null) {
            sendOriginal(ex, source.fallback(original), next, status);
            return;
        }
        Job job = new Job(key, original, source, variant.spec(), keep, store.purgeMark(), route.url());
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
            if (!keep) {
                render(ex, job, delivery, next);
                return;
            }
            try {
                // The kept rendition may be on disk, or memory may hold it without its scans at hand.
                workers.execute(() -> {
                    StoredRendition found = store.lookup(key);
                    if (found == null) {
                        render(ex, job, delivery, next);
                    } else {
                        StoredRendition ready = streamLayers ? layers.of(found) : found;
                        ex.getIoThread().execute(() -> deliver(ex, ready, true, delivery, next));
                    }
                });
            } catch (RejectedExecutionException e) {
                log.warn("serving the original of {}: worker pool full", route.url());
                ex.getIoThread().execute(() -> sendOriginal(ex, job.fallback(), next, status));
            }
        });
    }

    /**
     * How a rendition goes out: layered within a budget (null: whole), with the original's cache status,
     * how long the client waits for it to be rendered before it gets the original, and the original's
     * size (what the rendition saves is counted as usage).
     */
    private record Delivery(Duration layerBudget, CacheStatus status, Duration renderWait, long originalBytes) {
    }

    /**
     * One rendition to produce: what of, how, and whether to keep it. The purge mark is the fill's for
     * a pre-render, else taken as the request reached this route: a purge recorded after it that covers
     * the original keeps the rendition out of the tiers.
     */
    private record Job(RenditionKey key, CachedResponse original, RenditionSource source, RenditionSpec spec, boolean keep,
                       PurgeMark purgeMark, String url) {
        /** The original as it goes out when this rendition cannot. */
        CachedResponse fallback() {
            return source.fallback(original);
        }
    }

    /**
     * Renders (or joins the render of) the job's rendition and sends it; a client whose render has not
     * finished within the wait (a queue of renders, a slow image) gets the original instead, while the
     * render goes on and, if kept, serves the next request.
     */
    private void render(HttpServerExchange ex, Job job, Delivery delivery, Outbound.Next next) {
        AtomicBoolean answered = new AtomicBoolean();
        XnioExecutor.Key deadline = ex.getIoThread().executeAfter(() -> {
            if (answered.compareAndSet(false, true)) {
                log.warn("serving the original of {}: its rendition took longer than {} ms", job.url(),
                        delivery.renderWait().toMillis());
                sendOriginal(ex, job.fallback(), next, delivery.status());
            }
        }, delivery.renderWait().toMillis(), TimeUnit.MILLISECONDS);
        renders.render(job.key(), () -> renderOnce(job))
                .whenComplete((r, error) -> {
                    if (error != null) {
                        failed(job, error);
                    }
                    if (!answered.compareAndSet(false, true)) {
                        return;
                    }
                    deadline.remove();
                    ex.getIoThread().execute(() -> {
                        if (error == null) {
                            deliver(ex, r, false, delivery, next);
                        } else {
                            sendOriginal(ex, job.fallback(), next, delivery.status());
                        }
                    });
                });
    }

    /** Sends the original in place of a rendition (as {@link RenditionSource#fallback} made it). */
    private static void sendOriginal(HttpServerExchange ex, CachedResponse original, Outbound.Next next, CacheStatus status) {
        ex.getResponseHeaders().put(X_MERIDIAN_RENDITION, "original");
        next.send(original, status);
    }

    private void failed(Job job, Throwable error) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        if (refusesForGood(cause)) {
            log.warn("serving the original of {}: the imaging library refused it ({})", job.url(), cause.getMessage());
            refused.put(job.source().id(), cause.getMessage());
        } else if (cause instanceof ImagingBusyException) {
            log.warn("serving the original of {}: imaging is busy ({})", job.url(), cause.getMessage());
        } else if (cause instanceof RejectedExecutionException) {
            log.warn("serving the original of {}: render pool full", job.url());
        } else {
            log.error("serving the original of {}: render failed", job.url(), cause);
        }
    }

    /**
     * Whether a render failure is the image's own (corrupt, unsupported, too large, too slow to decode),
     * so trying again would cost the same: such an image is served as it is for a while without another
     * attempt. A full working memory is other renders' doing and says nothing about this image.
     */
    static boolean refusesForGood(Throwable cause) {
        return cause instanceof ImageException && !(cause instanceof ImagingBusyException);
    }

    /**
     * Renders every class of an original that was just filled into the cache, on the render pool in
     * the background (the caller, a fill's worker, does not wait). Classes the background share of
     * the pool has no room for are dropped and counted; a request renders them on demand later.
     *
     * @param purgeMark the fill's purge mark, taken before it asked the origin
     */
    void prerender(Route route, String storedKey, CachedResponse original, PurgeMark purgeMark, String customer,
                   PropertyImagesConfig images, RenditionLadder ladder) {
        String path = route.originPath();
        RenditionSource source = RenditionSource.of(original, route.url(), storedKey, customer, images, ladder, path);
        if (refused.getIfPresent(source.id()) != null) {
            return;
        }
        for (String name : ladder.classes()) {
            RenditionSource.Variant variant = source.forClass(name);
            RenditionKey key = variant.key();
            if (store.contains(key)) {
                continue;
            }
            Job job = new Job(key, original, source, variant.spec(), true, purgeMark, route.url());
            if (!renders.renderInBackground(key, () -> {
                try {
                    return renderOnce(job);
                } catch (ImageException | RuntimeException e) {
                    failed(job, e);
                    throw e;
                }
            })) {
                long dropped = renders.backgroundDropped();
                if (Long.bitCount(dropped) == 1) {
                    log.warn("pre-render of {} ({}) dropped: the render pool's background share is full "
                            + "({} dropped so far; requests render them on demand)", route.url(), name, dropped);
                }
            }
        }
    }

    /** On the render pool: the kept rendition if another render stored it meanwhile, else a new one (kept if wanted). */
    private StoredRendition renderOnce(Job job) throws ImageException {
        if (job.keep()) {
            StoredRendition kept = store.peek(job.key());
            if (kept != null) {
                return layers.of(kept);
            }
        }
        ByteBuffer body = job.original().body();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        rendered.incrementAndGet();
        EncodedRendition r = imaging.render(bytes, job.spec());
        ProgressiveLayers scans = r.progressive() ? r.layers() : null;
        StoredRendition stored = new StoredRendition(RenditionResponse.of(job.key(), job.original(), r, System.currentTimeMillis()),
                scans, r.width(), r.height());
        layers.remember(stored.response(), scans);
        if (job.keep()) {
            store.put(job.key(), stored, job.purgeMark());
        }
        return stored;
    }

    private static void deliver(HttpServerExchange ex, StoredRendition r, boolean hit, Delivery delivery, Outbound.Next next) {
        ex.getResponseHeaders().put(X_MERIDIAN_RENDITION, hit ? r.hitHeader() : "rendered; " + r.size());
        ex.putAttachment(EdgeUsage.RENDITION_BYTES_SAVED, Math.max(0L, delivery.originalBytes() - r.response().bodyLength()));
        if (delivery.layerBudget() != null && r.layers() != null) {
            next.streaming(delivery.status());
            LayeredSender.send(ex, r, delivery.layerBudget());
        } else {
            next.send(r.response(), delivery.status());
        }
    }

    public RenditionStore store() {
        return store;
    }

    /** Renders done so far (a request served from a kept rendition, or one that joined a render, does none). */
    public long rendered() {
        return rendered.get();
    }
}
