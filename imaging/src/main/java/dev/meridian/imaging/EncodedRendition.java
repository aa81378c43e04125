package dev.meridian.imaging;

import dev.meridian.imaging.layers.ProgressiveLayers;

/**
 * An encoded rendition, metadata stripped.
 *
 * @param progressive whether {@link #layers()} can split it
 */
public record EncodedRendition(byte[] bytes, ImageFormat format, int width, int height, boolean progressive) {
    public String contentType() {
        return format.contentType();
    }

    /** The scans of a progressive JPEG, for layered delivery. */
    public ProgressiveLayers layers() throws CorruptImageException {
        if (!progressive || format != ImageFormat.JPEG) {
            throw new IllegalStateException("only a progressive JPEG rendition has layers");
        }
        return ProgressiveLayers.split(bytes);
    }
}
