package dev.meridian.imaging;

import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.core.config.ImagingConfig.Format;
import dev.meridian.core.config.ImagingConfig.RenditionConfig;
import java.util.Objects;

/**
 * What a rendition should be: the box it must fit (either side may be 0 for "any"), how it fits,
 * and how it is encoded.
 *
 * @param background   RGB (0xRRGGBB) that transparency is flattened onto when the output is JPEG
 * @param animation    pass an animated GIF through untouched rather than rendering its first frame
 */
public record RenditionSpec(int maxWidth, int maxHeight, Fit fit, int quality, boolean progressive, Format format,
                            boolean upscale, int background, boolean animation) {

    public RenditionSpec {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(format, "format");
        if (maxWidth < 0 || maxHeight < 0 || (maxWidth == 0 && maxHeight == 0)) {
            throw new IllegalArgumentException("a rendition needs a positive maxWidth or maxHeight");
        }
        if (fit != Fit.INSIDE && (maxWidth == 0 || maxHeight == 0)) {
            throw new IllegalArgumentException(fit + " needs both maxWidth and maxHeight");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1..100");
        }
    }

    /** Fit inside maxWidth (height free), progressive JPEG at the given quality: the common case. */
    public static RenditionSpec width(int maxWidth, int quality) {
        return new RenditionSpec(maxWidth, 0, Fit.INSIDE, quality, true, Format.AUTO, false, 0xFFFFFF, true);
    }

    /** A complete configured rendition (see {@link dev.meridian.imaging.ladder.RenditionLadder}). */
    public static RenditionSpec from(RenditionConfig r) {
        return new RenditionSpec(
                r.maxWidth() == null ? 0 : r.maxWidth(),
                r.maxHeight() == null ? 0 : r.maxHeight(),
                r.fit() == null ? Fit.INSIDE : r.fit(),
                r.quality() == null ? 80 : r.quality(),
                r.progressive() == null || r.progressive(),
                r.format() == null ? Format.AUTO : r.format(),
                r.upscale() != null && r.upscale(),
                r.background() == null ? 0xFFFFFF : Integer.parseInt(r.background().substring(1), 16),
                r.animation() == null || r.animation());
    }

    public RenditionSpec withBox(int maxWidth, int maxHeight, Fit fit) {
        return new RenditionSpec(maxWidth, maxHeight, fit, quality, progressive, format, upscale, background, animation);
    }

    public RenditionSpec withQuality(int quality) {
        return new RenditionSpec(maxWidth, maxHeight, fit, quality, progressive, format, upscale, background, animation);
    }

    public RenditionSpec withProgressive(boolean progressive) {
        return new RenditionSpec(maxWidth, maxHeight, fit, quality, progressive, format, upscale, background, animation);
    }

    public RenditionSpec withFormat(Format format) {
        return new RenditionSpec(maxWidth, maxHeight, fit, quality, progressive, format, upscale, background, animation);
    }

    public RenditionSpec withUpscale(boolean upscale) {
        return new RenditionSpec(maxWidth, maxHeight, fit, quality, progressive, format, upscale, background, animation);
    }

    public RenditionSpec withAnimation(boolean animation) {
        return new RenditionSpec(maxWidth, maxHeight, fit, quality, progressive, format, upscale, background, animation);
    }
}
