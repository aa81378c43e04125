package dev.meridian.imaging;

/** Over a configured limit (pixels, input bytes, frames, or more working memory than the whole budget); refused before decoding. A server typically answers 422 or 413 (or serves the original). */
public final class ImageTooLargeException extends ImageException {
    public ImageTooLargeException(String message) {
        super(message, null);
    }
}
