package dev.meridian.imaging.resize;

import dev.meridian.imaging.RenditionSpec;

/**
 * Where a rendition's pixels come from and how big it is, in displayed (oriented) coordinates: the
 * source rectangle to use (the whole image unless the spec crops) and the output size.
 */
public record Geometry(int cropX, int cropY, int cropWidth, int cropHeight, int width, int height) {

    /** Plans a rendition of a displayed width x height source. */
    public static Geometry plan(int sourceWidth, int sourceHeight, RenditionSpec spec) {
        double boxW = spec.maxWidth() == 0 ? Double.POSITIVE_INFINITY : spec.maxWidth();
        double boxH = spec.maxHeight() == 0 ? Double.POSITIVE_INFINITY : spec.maxHeight();
        return switch (spec.fit()) {
            case INSIDE -> {
                double scale = Math.min(boxW / sourceWidth, boxH / sourceHeight);
                if (!spec.upscale()) {
                    scale = Math.min(scale, 1);
                }
                yield whole(sourceWidth, sourceHeight, side(sourceWidth * scale), side(sourceHeight * scale));
            }
            case EXACT -> {
                int w = spec.upscale() ? spec.maxWidth() : Math.min(spec.maxWidth(), sourceWidth);
                int h = spec.upscale() ? spec.maxHeight() : Math.min(spec.maxHeight(), sourceHeight);
                yield whole(sourceWidth, sourceHeight, w, h);
            }
            case COVER -> {
                // A source smaller than the box gets the largest box of the same shape it can fill.
                double fit = spec.upscale() ? 1 : Math.min(1, Math.min((double) sourceWidth / spec.maxWidth(),
                        (double) sourceHeight / spec.maxHeight()));
                int w = side(spec.maxWidth() * fit);
                int h = side(spec.maxHeight() * fit);
                double scale = Math.max((double) w / sourceWidth, (double) h / sourceHeight);
                int cropW = Math.min(sourceWidth, side(w / scale));
                int cropH = Math.min(sourceHeight, side(h / scale));
                yield new Geometry((sourceWidth - cropW) / 2, (sourceHeight - cropH) / 2, cropW, cropH, w, h);
            }
        };
    }

    private static Geometry whole(int sourceWidth, int sourceHeight, int width, int height) {
        return new Geometry(0, 0, sourceWidth, sourceHeight, width, height);
    }

    private static int side(double length) {
        return Math.max(1, (int) Math.round(length));
    }

    public boolean isIdentity() {
        return cropX == 0 && cropY == 0 && cropWidth == width && cropHeight == height;
    }
}
