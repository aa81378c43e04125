package dev.meridian.imaging;

/** Not a format Meridian reads, or a variant of one its decoders cannot handle. A server typically answers 415 (or serves the original). */
public final class UnsupportedImageException extends ImageException {
    public UnsupportedImageException(String message) {
        super(message, null);
    }
}
