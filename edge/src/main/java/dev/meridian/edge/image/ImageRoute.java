package dev.meridian.edge.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.http.HttpDates;
import dev.meridian.edge.proxy.Outbound;
import dev.meridian.edge.route.Route;
import dev.meridian.edge.speed.SpeedVerdict;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.Rendition;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an original image as the rendition for the request: the client's speed class, or a signed
 * explicit transformation. Renditions come from the {@link RenditionStore} or are rendered once on
 * the {@link RenderPool}; the mode (on-the-fly, pre-render, hybrid) decides what is kept. Originals
 * the imaging library refuses go out as they are, and the refusal is remembered for a while so a bad
 * file costs one attempt, not one per request.
 */
public final class ImageRoute {
    private static final Logger LOG = LoggerFactory.getLogger(ImageRoute.class);
    public static final AttachmentKey<Transformation> TRANSFORMATION = AttachmentKey.create(Transformation.class);
    public static final HttpString X_MERIDIAN_RENDITION = new HttpString("X-Meridian-Rendition");
    static final String VARY = "Save-Data, ECT, Downlink, RTT";
    private static final Set<String> RENDERABLE = Set.of("image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/gif",
            "image/webp");
    /** Fields of the original that describe its bytes or its caching, which the rendition sets itself. */
    private static final Set<String> NOT_COPIED = Set.of("content-type", "etag", "content-length", "content-md5", "digest",
            "content-digest", "repr-digest", "cache-control", "expires", "vary", "content-encoding", "accept-ranges", "set-cookie");

    private final Imaging imaging;
    private final RenditionStore store;
    private final RenderPool renders;
    private final Cache<String, String> refused = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    public ImageRoute(Imaging imaging, RenditionStore store, RenderPool renders) {
        this.imaging = imaging;
        this.store = store;
        this.renders = renders;
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
                   Transformation transformation) {
    }

    void send(HttpServerExchange ex, Route route, CachedResponse original, CacheStatus status, Request request,
              Outbound.Next next) {
        String path = route.originPath();
        String validator = validator(original);
        PropertyImagesConfig.Layered layered = request.images().layeredFor(path);
        PropertyImagesConfig.Mode mode = request.images().modeFor(path);
        Transformation t = request.transformation();
        RenditionKey key = new RenditionKey(request.customer(), route.url(), validator,
                t != null ? t.variant() : request.speed().speedClass());
        // An original the cache may not keep (no-store, say: status PASS) leaves no rendition behind either.
        boolean keep = mode != PropertyImagesConfig.Mode.ON_THE_FLY && status != CacheStatus.PASS;
        if (mode == PropertyImagesConfig.Mode.PRE_RENDER && (status == CacheStatus.MISS || status == CacheStatus.EXPIRED)) {
            preRender(route, path, original, validator, request, layered != null);
        }
        StoredRendition kept = keep ? store.get(key) : null;
        if (kept != null) {
            deliver(ex, kept, true, layered, status, next);
            return;
        }
        String sourceId = request.customer() + "\n" + route.url() + "\n" + validator;
        if (refused.getIfPresent(sourceId) != null) {
            next.send(original, status);
            return;
        }
        RenditionSpec spec = request.ladder().spec(request.speed().speedClass(), request.customer(), request.images(), path);
        if (t != null) {
            spec = t.applyTo(spec);
        }
        if (layered != null) {
            spec = spec.withProgressive(true);
        }
        RenditionSpec finalSpec = spec;
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> renders.render(key, () -> render(key, original, finalSpec, keep))
                .whenComplete((r, error) -> ex.getIoThread().execute(() -> {
                    if (error == null) {
                        deliver(ex, r, false, layered, status, next);
                        return;
                    }
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof ImageException) {
                        LOG.warn("serving the original of {}: the imaging library refused it ({})", route.url(), cause.getMessage());
                        refused.put(sourceId, cause.getMessage());
                    } else if (cause instanceof RejectedExecutionException) {
                        LOG.warn("serving the original of {}: render pool full", route.url());
                    } else {
                        LOG.error("serving the original of {}: render failed", route.url(), cause);
                    }
                    ex.getResponseHeaders().put(X_MERIDIAN_RENDITION, "original");
                    next.send(original, status);
                })));
    }

    /** Renders every class the original has no kept rendition of yet, in the background. */
    private void preRender(Route route, String path, CachedResponse original, String validator, Request request,
                           boolean progressive) {
        request.ladder().specs(request.customer(), request.images(), path).forEach((name, spec) -> {
            RenditionKey key = new RenditionKey(request.customer(), route.url(), validator, name);
            if (!store.contains(key)) {
                RenditionSpec s = progressive ? spec.withProgressive(true) : spec;
                renders.render(key, () -> render(key, original, s, true));
            }
        });
    }

    private StoredRendition render(RenditionKey key, CachedResponse original, RenditionSpec spec, boolean keep)
            throws ImageException {
        ByteBuffer body = original.body();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        Rendition r = imaging.render(bytes, spec);
        ProgressiveLayers layers = r.progressive() ? r.layers() : null;
        StoredRendition stored = new StoredRendition(response(key, original, r), layers, r.width(), r.height());
        if (keep) {
            store.put(key, stored);
        }
        return stored;
    }

    /**
     * The rendition's response. A class rendition is private with Vary on the hints: a shared cache
     * beyond the edge must not hand one client's class to another, while the browser may keep it as
     * long as the original is fresh. A signed transformation is the same for everyone and keeps the
     * original's caching.
     */
    private static CachedResponse response(RenditionKey key, CachedResponse original, Rendition r) {
        List<HeaderField> h = new ArrayList<>();
        for (HeaderField f : original.headers()) {
            if (!NOT_COPIED.contains(f.name().toLowerCase(Locale.ROOT))) {
                h.add(f);
            }
        }
        h.add(new HeaderField("Content-Type", r.contentType()));
        h.add(new HeaderField("ETag", key.etag()));
        long now = System.currentTimeMillis();
        if (key.variant().startsWith("t:")) {
            original.all("Cache-Control").forEach(v -> h.add(new HeaderField("Cache-Control", v)));
            original.all("Expires").forEach(v -> h.add(new HeaderField("Expires", v)));
        } else {
            long maxAge = Math.max(0, (original.lifetimeMillis() - original.ageMillis(now)) / 1000);
            h.add(new HeaderField("Cache-Control", "private, max-age=" + maxAge));
            h.add(new HeaderField("Vary", VARY));
        }
        return new CachedResponse(200, h, ByteBuffer.wrap(r.bytes()), now, now, Duration.ZERO);
    }

    private static void deliver(HttpServerExchange ex, StoredRendition r, boolean hit, PropertyImagesConfig.Layered layered,
                                CacheStatus status, Outbound.Next next) {
        ex.getResponseHeaders().put(X_MERIDIAN_RENDITION, (hit ? "hit; " : "rendered; ") + r.size());
        // Conditionals and ranges are answered by the edge's writer from the whole rendition.
        boolean conditional = ex.getRequestHeaders().contains(Headers.IF_NONE_MATCH)
                || ex.getRequestHeaders().contains(Headers.IF_MODIFIED_SINCE) || ex.getRequestHeaders().contains(Headers.RANGE);
        if (layered != null && r.layers() != null && ex.getRequestMethod().equals(Methods.GET) && !conditional) {
            next.streaming(status);
            LayeredSender.send(ex, r, layered.budget());
        } else {
            next.send(r.response(), status);
        }
    }

    private static String validator(CachedResponse original) {
        if (original.etag() != null) {
            return original.etag();
        }
        if (original.lastModified() != HttpDates.INVALID) {
            return "lm:" + original.lastModified();
        }
        // No validator: this very fill (a refill yields new renditions).
        return "t:" + original.responseTime() + ":" + original.bodyLength();
    }

    public RenditionStore store() {
        return store;
    }
}
