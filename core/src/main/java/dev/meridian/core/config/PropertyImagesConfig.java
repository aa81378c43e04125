package dev.meridian.core.config;

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
 * </pre>
 */
public record PropertyImagesConfig(
        Boolean enabled,
        Map<String, ImagingConfig.Rendition> renditions,
        List<PathOverride> paths,
        Map<String, Map<String, ImagingConfig.Rendition>> images) implements Validatable {

    public PropertyImagesConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        renditions = renditions == null ? Map.of() : Map.copyOf(renditions);
        paths = paths == null ? List.of() : List.copyOf(paths);
        images = images == null ? Map.of() : Map.copyOf(images);
    }

    public static PropertyImagesConfig defaults() {
        return new PropertyImagesConfig(null, null, null, null);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        // Class names are checked against the ladder by ImagingConfig users; here only the values.
        ImagingConfig.Rendition.validateOverrides(at.field("renditions"), renditions, null, errors);
        errors.each(at.field("paths"), paths);
        images.forEach((path, overrides) -> {
            ConfigPath here = at.field("images").field(path);
            errors.check(here, path, p -> p.startsWith("/"), "image paths start with /");
            ImagingConfig.Rendition.validateOverrides(here, overrides, null, errors);
        });
    }

    /** Rendition overrides for every image under a path prefix. */
    public record PathOverride(String prefix, Map<String, ImagingConfig.Rendition> renditions) implements Validatable {
        public PathOverride {
            renditions = renditions == null ? Map.of() : Map.copyOf(renditions);
        }

        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            if (errors.required(at.field("prefix"), prefix)) {
                errors.check(at.field("prefix"), prefix, p -> p.startsWith("/"), "must start with /");
            }
            ImagingConfig.Rendition.validateOverrides(at.field("renditions"), renditions, null, errors);
        }
    }
}
