package dev.meridian.imaging.ladder;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.core.config.ImagingConfig.RenditionConfig;
import dev.meridian.core.config.PropertyImagesConfig;
import dev.meridian.imaging.RenditionSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The speed-class ladder with every override applied: for a customer, a property and an image path, the
 * spec each class renders. The most specific level wins field by field: the image's own entry, then
 * the longest matching path prefix, then the property, then the customer, then the ladder's default.
 */
public final class RenditionLadder {
    private final ImagingConfig config;

    public RenditionLadder(ImagingConfig config) {
        this.config = config;
    }

    /** Class names, slowest first. */
    public List<String> classes() {
        return config.classes().stream().map(ImagingConfig.SpeedClass::name).toList();
    }

    /** The class of a client nothing is known about; explicit transformations start from its rendition too. */
    public String defaultClass() {
        return config.defaultClass();
    }

    /** The class for a measured rate in kbit/s. */
    public String classFor(long kbps) {
        return config.classFor(kbps).name();
    }

    /**
     * @param customerId the customer owning the property (null for none)
     * @param property   the property's images section (null when it has none)
     * @param path       the image's path, without query
     * @throws IllegalArgumentException for a class the ladder does not have
     */
    public RenditionSpec spec(String speedClass, String customerId, PropertyImagesConfig property, String path) {
        RenditionConfig rendition = config.speedClass(speedClass)
                .orElseThrow(() -> new IllegalArgumentException("no speed class " + speedClass + " (classes: " + classes() + ")"))
                .rendition();
        if (customerId != null) {
            rendition = over(config.customers().get(customerId), speedClass, rendition);
        }
        if (property != null) {
            rendition = over(property.renditions(), speedClass, rendition);
            if (path != null) {
                PropertyImagesConfig.PathOverride prefix = property.paths().stream()
                        .filter(p -> path.startsWith(p.prefix()))
                        .max(Comparator.comparingInt(p -> p.prefix().length()))
                        .orElse(null);
                if (prefix != null) {
                    rendition = over(prefix.renditions(), speedClass, rendition);
                }
                rendition = over(property.images().get(path), speedClass, rendition);
            }
        }
        return RenditionSpec.from(rendition);
    }

    private static RenditionConfig over(Map<String, RenditionConfig> overrides, String speedClass,
                                                RenditionConfig base) {
        RenditionConfig override = overrides == null ? null : overrides.get(speedClass);
        return override == null ? base : override.over(base);
    }
}
