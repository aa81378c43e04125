package dev.meridian.edge.image;

import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.imaging.RenditionSpec;
import java.util.Locale;

/**
 * An explicit transformation from a signed image URL: a box, how to fit it, and a quality. Bounded so
 * even a holder of a key cannot ask for absurd work.
 */
public record Transformation(int width, int height, Fit fit, int quality) {
    public static final int MAX_SIDE = 4096;

    public Transformation {
        if (width < 0 || height < 0 || width > MAX_SIDE || height > MAX_SIDE || (width == 0 && height == 0)) {
            throw new IllegalArgumentException("width and height must be 0.." + MAX_SIDE + ", not both 0");
        }
        if (fit != Fit.INSIDE && (width == 0 || height == 0)) {
            throw new IllegalArgumentException("fit " + fit.name().toLowerCase(Locale.ROOT) + " needs width and height");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1..100");
        }
    }

    /** The spec for this transformation, starting from the class rendition's other settings. */
    public RenditionSpec applyTo(RenditionSpec base) {
        return base.withBox(width, height, fit).withQuality(quality);
    }

    /** The variant part of a rendition key. */
    public String variant() {
        return "t:" + width + "x" + height + ":" + fit.name().toLowerCase(Locale.ROOT) + ":q" + quality;
    }

    /** The query parameters, in the order that is signed. */
    public String canonicalQuery() {
        return "w=" + width + "&h=" + height + "&fit=" + fit.name().toLowerCase(Locale.ROOT) + "&q=" + quality;
    }
}
