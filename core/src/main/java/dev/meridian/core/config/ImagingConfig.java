package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Network-wide image settings (the top-level {@code images:} section): the limits every render obeys,
 * the speed classes with their bandwidth thresholds and default renditions (the ladder), and
 * per-customer overrides of those renditions.
 *
 * <pre>
 * images:
 *   limits: { maxPixels: 40000000, maxInputBytes: 32MB, maxFrames: 200, decodeTimeout: 10s, workingMemory: 384MB }
 *   classes:
 *     - { name: low,    belowKbps: 256,  rendition: { maxWidth: 480,  quality: 45 } }
 *     - { name: medium, belowKbps: 2000, rendition: { maxWidth: 1024, quality: 65 } }
 *     - { name: high,                    rendition: { maxWidth: 1920, quality: 80 } }
 *   customers:
 *     acme: { low: { quality: 35 } }
 *   defaultClass: medium              # when nothing is known about a client
 *   remeasure: 30m                    # a measurement older than this is measured again
 *   renditionQuota: 256MB             # rendition storage per customer ...
 *   quotas: { acme: 1GB }             # ... unless set for the customer
 *   renderWait: 2s                    # a client waits this long for a render, then gets the original
 * </pre>
 *
 * @param classes   ordered slowest first; each but the last has {@code belowKbps}, the rate under which a
 *                  client is in that class
 * @param customers customer id to class name to a partial rendition: fields left out keep the ladder's
 * @param defaultClass the class of a client with no measurement, cookie or hint (default: the middle class)
 * @param renderWait how long a request waits for its rendition to be rendered before it is sent the original
 *                   instead (the render goes on, and a kept rendition serves the next request)
 */
public record ImagingConfig(Limits limits, List<SpeedClass> classes, Map<String, Map<String, RenditionConfig>> customers,
                            String defaultClass, Duration remeasure, ByteSize renditionQuota, Map<String, ByteSize> quotas,
                            Duration renderWait)
        implements Validatable {

    public ImagingConfig {
        limits = limits == null ? Limits.defaults() : limits;
        classes = classes == null || classes.isEmpty() ? defaultClasses() : List.copyOf(classes);
        customers = customers == null ? Map.of() : Map.copyOf(customers);
        defaultClass = defaultClass == null ? classes.get(classes.size() / 2).name() : defaultClass;
        remeasure = remeasure == null ? Duration.ofMinutes(30) : remeasure;
        renditionQuota = renditionQuota == null ? ByteSize.ofMegabytes(256) : renditionQuota;
        quotas = quotas == null ? Map.of() : Map.copyOf(quotas);
        renderWait = renderWait == null ? Duration.ofSeconds(2) : renderWait;
    }

    public ImagingConfig(Limits limits, List<SpeedClass> classes, Map<String, Map<String, RenditionConfig>> customers) {
        this(limits, classes, customers, null, null, null, null, null);
    }

    public static ImagingConfig defaults() {
        return new ImagingConfig(null, null, null);
    }

    /** Bytes of renditions a customer may keep on one edge. */
    public long quotaBytes(String customerId) {
        ByteSize own = quotas.get(customerId);
        return (own == null ? renditionQuota : own).bytes();
    }

    /** The default ladder: low below 256 kbit/s, medium up to 2 Mbit/s, high above. */
    public static List<SpeedClass> defaultClasses() {
        return List.of(
                new SpeedClass("low", 256L, RenditionConfig.of(480, 480, 45)),
                new SpeedClass("medium", 2000L, RenditionConfig.of(1024, 1024, 65)),
                new SpeedClass("high", null, RenditionConfig.of(1920, 1920, 80)));
    }

    public Optional<SpeedClass> speedClass(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The class for a measured rate: the first whose threshold the rate is under, else the fastest. */
    public SpeedClass classFor(long kbps) {
        for (SpeedClass c : classes) { // a loop, not a stream: this runs on every image request
            if (c.belowKbps() != null && kbps < c.belowKbps()) {
                return c;
            }
        }
        return classes.get(classes.size() - 1);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.nested(at.field("limits"), limits);
        errors.each(at.field("classes"), classes);
        Set<String> names = new HashSet<>();
        Long previous = null;
        for (int i = 0; i < classes.size(); i++) {
            SpeedClass c = classes.get(i);
            if (c == null) {
                continue;
            }
            ConfigPath here = at.field("classes").index(i);
            if (c.name() != null && !names.add(c.name())) {
                errors.add(here.field("name"), "duplicate speed class " + c.name());
            }
            boolean last = i == classes.size() - 1;
            if (!last && c.belowKbps() == null) {
                errors.add(here.field("belowKbps"), "required on every class but the fastest (last)");
            } else if (last && c.belowKbps() != null) {
                errors.add(here.field("belowKbps"), "the fastest (last) class has no upper threshold");
            }
            if (c.belowKbps() != null && previous != null && c.belowKbps() <= previous) {
                errors.add(here.field("belowKbps"), "must be above the previous class's (" + previous + ")");
            }
            if (c.belowKbps() != null) {
                previous = c.belowKbps();
            }
        }
        customers.forEach((customer, overrides) -> RenditionConfig.validateOverrides(
                at.field("customers").field(customer), overrides, names, errors));
        if (!names.contains(defaultClass)) {
            errors.add(at.field("defaultClass"), "no speed class named " + defaultClass + " (classes: " + names + ")");
        }
        errors.check(at.field("remeasure"), remeasure, d -> d.toSeconds() >= 1, "must be at least 1s");
        errors.check(at.field("renditionQuota"), renditionQuota, q -> q.bytes() > 0, "must be positive");
        quotas.forEach((customer, q) -> errors.check(at.field("quotas").field(customer), q, b -> b.bytes() > 0,
                "must be positive"));
        errors.check(at.field("renderWait"), renderWait, d -> !d.isNegative() && !d.isZero(), "must be positive");
    }

    /**
     * Checks that a property's overrides name classes this ladder has: a property cannot see the ladder
     * when it validates itself, so whoever validates the whole config calls this for each property.
     */
    public void validateClassNames(ConfigPath at, PropertyImagesConfig property, ConfigErrors errors) {
        Set<String> names = new HashSet<>();
        classes.forEach(c -> names.add(c.name()));
        String known = " (classes: " + names + ")";
        property.renditions().keySet().stream().filter(n -> !names.contains(n)).forEach(n ->
                errors.add(at.field("renditions").field(n), "no speed class named " + n + known));
        for (int i = 0; i < property.paths().size(); i++) {
            ConfigPath here = at.field("paths").index(i).field("renditions");
            property.paths().get(i).renditions().keySet().stream().filter(n -> !names.contains(n)).forEach(n ->
                    errors.add(here.field(n), "no speed class named " + n + known));
        }
        property.images().forEach((path, overrides) -> overrides.keySet().stream().filter(n -> !names.contains(n))
                .forEach(n -> errors.add(at.field("images").field(path).field(n), "no speed class named " + n + known)));
    }

    /**
     * What a render may cost before any pixel is decoded.
     *
     * @param workingMemory how much decoded pixel data all renders together may hold; a render waits for its
     *                      share (up to decodeTimeout) and one that could never fit is refused
     */
    public record Limits(Long maxPixels, ByteSize maxInputBytes, Integer maxFrames, Duration decodeTimeout,
                         ByteSize workingMemory) implements Validatable {
        public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

        public Limits {
            maxPixels = maxPixels == null ? DEFAULT_MAX_PIXELS : maxPixels;
            maxInputBytes = maxInputBytes == null ? ByteSize.ofMegabytes(32) : maxInputBytes;
            maxFrames = maxFrames == null ? 200 : maxFrames;
            decodeTimeout = decodeTimeout == null ? Duration.ofSeconds(10) : decodeTimeout;
            workingMemory = workingMemory == null ? ByteSize.ofMegabytes(384) : workingMemory;
        }

        public static Limits defaults() {
            return new Limits(null, null, null, null, null);
        }

        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            errors.check(at.field("maxPixels"), maxPixels, p -> p > 0, "must be positive");
            errors.check(at.field("maxInputBytes"), maxInputBytes, s -> s.bytes() > 0, "must be positive");
            errors.check(at.field("maxFrames"), maxFrames, f -> f > 0, "must be positive");
            errors.check(at.field("decodeTimeout"), decodeTimeout, d -> !d.isNegative() && !d.isZero(), "must be positive");
            errors.check(at.field("workingMemory"), workingMemory, s -> s.bytes() >= 8L * maxPixels,
                    "must hold at least one image at maxPixels (8 bytes a pixel: " + 8L * maxPixels + " bytes)");
        }
    }

    /** A speed class of the ladder and its rendition. */
    public record SpeedClass(String name, Long belowKbps, RenditionConfig rendition) implements Validatable {
        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            if (errors.required(at.field("name"), name)) {
                errors.check(at.field("name"), name, n -> n.matches("[a-z][a-z0-9-]{0,31}"),
                        "must be lowercase letters, digits or '-'");
            }
            errors.check(at.field("belowKbps"), belowKbps, k -> k > 0, "must be positive");
            if (errors.required(at.field("rendition"), rendition)) {
                rendition.validate(at.field("rendition"), errors);
                if (rendition.maxWidth() == null && rendition.maxHeight() == null) {
                    errors.add(at.field("rendition"), "needs maxWidth or maxHeight");
                }
            }
        }
    }

    /** How a rendition fits its box. */
    public enum Fit {
        /** Scale to fit inside the box, keeping the aspect ratio. */
        @JsonProperty("inside") INSIDE,
        /** Scale to cover the box, keeping the aspect ratio, and crop the overflow (centred). */
        @JsonProperty("cover") COVER,
        /** Scale to exactly the box, distorting if need be. */
        @JsonProperty("exact") EXACT
    }

    /** The encoding of a rendition. */
    public enum Format {
        /** JPEG, or PNG when the source has transparency. */
        @JsonProperty("auto") AUTO,
        /** Always JPEG: transparency is flattened onto the background colour. */
        @JsonProperty("jpeg") JPEG,
        @JsonProperty("png") PNG
    }

    /**
     * A rendition spec as configured. Fields left out are inherited from the less specific level
     * (image over path over property over customer over the ladder); see {@link #over}.
     *
     * @param background  {@code #rrggbb} to flatten transparency onto when encoding JPEG
     * @param animation   pass animated GIFs through untouched instead of rendering their first frame
     */
    public record RenditionConfig(Integer maxWidth, Integer maxHeight, Fit fit, Integer quality, Boolean progressive,
                            Format format, Boolean upscale, String background, Boolean animation) implements Validatable {

        static RenditionConfig of(int maxWidth, int maxHeight, int quality) {
            return new RenditionConfig(maxWidth, maxHeight, Fit.INSIDE, quality, true, Format.AUTO, false, "#ffffff", true);
        }

        /** This rendition's fields where set, the base's elsewhere. */
        public RenditionConfig over(RenditionConfig base) {
            return new RenditionConfig(
                    maxWidth != null ? maxWidth : base.maxWidth,
                    maxHeight != null ? maxHeight : base.maxHeight,
                    fit != null ? fit : base.fit,
                    quality != null ? quality : base.quality,
                    progressive != null ? progressive : base.progressive,
                    format != null ? format : base.format,
                    upscale != null ? upscale : base.upscale,
                    background != null ? background : base.background,
                    animation != null ? animation : base.animation);
        }

        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            errors.check(at.field("maxWidth"), maxWidth, w -> w > 0 && w <= 16384, "must be 1..16384");
            errors.check(at.field("maxHeight"), maxHeight, h -> h > 0 && h <= 16384, "must be 1..16384");
            errors.check(at.field("quality"), quality, q -> q >= 1 && q <= 100, "must be 1..100");
            errors.check(at.field("background"), background, b -> b.matches("#[0-9a-fA-F]{6}"),
                    "must be a colour like #ffffff");
        }

        /** Checks a class-name-to-override map, including that each class exists when the names are known. */
        public static void validateOverrides(ConfigPath at, Map<String, RenditionConfig> overrides, Set<String> classNames,
                                             ConfigErrors errors) {
            if (overrides == null) {
                return;
            }
            overrides.forEach((name, rendition) -> {
                if (classNames != null && !classNames.contains(name)) {
                    errors.add(at.field(name), "no speed class named " + name + " (classes: " + classNames + ")");
                } else if (rendition == null) {
                    errors.add(at.field(name), "must not be empty");
                } else {
                    rendition.validate(at.field(name), errors);
                }
            });
        }
    }
}
