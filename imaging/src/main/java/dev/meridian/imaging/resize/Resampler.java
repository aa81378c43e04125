package dev.meridian.imaging.resize;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** Scales a region of an image to a new size. Implementations differ in speed and quality; see perf/. */
public interface Resampler {
    /** The region of source scaled to width x height; the result has source's colour model where it can. */
    BufferedImage resize(BufferedImage source, Rectangle region, int width, int height);
}
