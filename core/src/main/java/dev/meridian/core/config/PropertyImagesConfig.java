package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.meridian.core.config.ImagingConfig.RenditionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A property's image delivery settings. Renditions may be overridden per speed class at three levels,
 * the most specific winning field by field: the property ({@code renditions}), a path prefix
 * ({@code paths}, the longest matching prefix wins) and a single image ({@code images}, by exact path).
 *
 * <pre>
 * images:
 *   enabled: true
 *   renditions: { low: { quality: 40 } }
 *   paths:
 *     - { prefix: /hero/, renditions: { low: { maxWidth: 800 } } }
 *   images:
 *     /logo.png: { high: { format: png } }
 *   mode: hybrid                      # on-the-fly | pre-render | hybrid (default)
 *   layered: { budget: 2s }           # stream progressive scans until the budget is spent
 *   signingKeys: [ "${IMG_KEY}" ]     # HMAC-SHA256 keys for explicit transformations; first signs
 *   delivery:                         # mode and layered per path prefix or exact image path
 *     - { prefix: /hero/, mode: pre-render, layered: { budget: 1s } }
 * </pre>
 *
 * <p>Mode and layered delivery follow the same rule: an exact image path in {@code delivery} beats the
 * longest matching prefix, which beats the property's own setting.
 */
public record PropertyImagesConfig(
        Boolean enabled,
        Map<String, RenditionConfig> renditions,
        List<PathOverride> paths,
        Map<String, Map<String, RenditionConfig>> images,
        Mode mode,
        Layered layered,
        List<String> signingKeys,
        List<Delivery> delivery) implements Validatable {

    public PropertyImagesConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        renditions = renditions == null ? Map.of() : Map.copyOf(renditions);
        paths = paths == null ? List.of() : List.copyOf(paths);
        images = images == null ? Map.of() : Map.copyOf(images);
        mode = mode == null ? Mode.HYBRID : mode;
        signingKeys = signingKeys == null ? List.of() : List.copyOf(signingKeys);
        delivery = delivery == null ? List.of() : List.copyOf(delivery);
    }

    public PropertyImagesConfig(Boolean enabled, Map<String, RenditionConfig> renditions, List<PathOverride> paths,
                                Map<String, Map<String, RenditionConfig>> images) {
        this(enabled, renditions, paths, images, null, null, null, null);
    }

    public static PropertyImagesConfig defaults() {
        return new PropertyImagesConfig(null, null, null, null);
    }

    /** The mode for an image path: exact path, else longest prefix, else the property's. */
    public Mode modeFor(String path) {
        Delivery d = deliveryFor(path, x -> x.mode() != null);
        return d == null ? mode : d.mode();
    }

    /** Layered delivery for an image path (null: send whole renditions), most specific first. */
    public Layered layeredFor(String path) {
        Delivery d = deliveryFor(path, x -> x.layered() != null);
        return d == null ? layered : d.layered();
    }

    private Delivery deliveryFor(String path, java.util.function.Predicate<Delivery> sets) {
        Delivery best = null;
        for (Delivery d : delivery) {
            if (!sets.test(d)) {
                continue;
            }
            if (d.path() != null && d.path().equals(path)) {
                return d;
            }
            if (d.prefix() != null && path.startsWith(d.prefix()) && (best == null || d.prefix().length() > best.prefix().length())) {
                best = d;
            }
        }
        return best;
    }

    /** What the edge keeps of a rendition. */
    public enum Mode {
        /** Render, send, keep nothing. */
        @JsonProperty("on-the-fly") ON_THE_FLY,
        /** Render every class as soon as the original is filled, and keep them. */
        @JsonProperty("pre-render") PRE_RENDER,
        /** Render on first request, keep it. */
        @JsonProperty("hybrid") HYBRID
    }

    /** Layered delivery: progressive scans are streamed until {@code budget} is spent (the first always goes). */
    public record Layered(Duration budget) implements Validatable {
        public Layered {
            budget = budget == null ? Duration.ofSeconds(2) : budget;
        }

        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            errors.check(at.field("budget"), budget, b -> !b.isNegative() && !b.isZero() && b.toSeconds() <= 60,
                    "must be between 1ms and 60s");
        }
    }

    /** Mode and layered delivery for a path prefix or one exact image path. */
    public record Delivery(String prefix, String path, Mode mode, Layered layered) implements Validatable {
        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            if ((prefix == null) == (path == null)) {
                errors.add(at, "needs exactly one of prefix or path");
            }
            errors.check(at.field("prefix"), prefix, p -> p.startsWith("/"), "must start with /");
            errors.check(at.field("path"), path, p -> p.startsWith("/"), "must start with /");
            errors.nested(at.field("layered"), layered);
        }
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        // Class names are checked against the ladder by ImagingConfig users; here only the values.
        RenditionConfig.validateOverrides(at.field("renditions"), renditions, null, errors);
        errors.each(at.field("paths"), paths);
        images.forEach((path, overrides) -> {
            ConfigPath here = at.field("images").field(path);
            errors.check(here, path, p -> p.startsWith("/"), "image paths start with /");
            RenditionConfig.validateOverrides(here, overrides, null, errors);
        });
        errors.nested(at.field("layered"), layered);
        for (int i = 0; i < signingKeys.size(); i++) {
            errors.check(at.field("signingKeys").index(i), signingKeys.get(i), k -> k.length() >= 32,
                    "too short: signing keys need at least 32 characters");
        }
        errors.each(at.field("delivery"), delivery);
    }

    /** Rendition overrides for every image under a path prefix. */
    public record PathOverride(String prefix, Map<String, RenditionConfig> renditions) implements Validatable {
        public PathOverride {
            renditions = renditions == null ? Map.of() : Map.copyOf(renditions);
        }

        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            if (errors.required(at.field("prefix"), prefix)) {
                errors.check(at.field("prefix"), prefix, p -> p.startsWith("/"), "must start with /");
            }
            RenditionConfig.validateOverrides(at.field("renditions"), renditions, null, errors);
        }
    }
}
