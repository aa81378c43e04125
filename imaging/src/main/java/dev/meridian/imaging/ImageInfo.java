package dev.meridian.imaging;

/**
 * What an image's header says, read without decoding any pixel.
 *
 * @param width       stored width, before orientation
 * @param height      stored height, before orientation
 * @param orientation EXIF orientation 1..8 (1 when absent)
 */
public record ImageInfo(ImageFormat format, int width, int height, int frames, int orientation) {
    public long pixels() {
        return (long) width * height;
    }

    /** Whether the image is shown rotated by a quarter turn, so displayed width and height swap. */
    public boolean transposed() {
        return orientation >= 5 && orientation <= 8;
    }

    public int displayWidth() {
        return transposed() ? height : width;
    }

    public int displayHeight() {
        return transposed() ? width : height;
    }
}
