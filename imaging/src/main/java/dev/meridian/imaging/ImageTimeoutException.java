package dev.meridian.imaging;

/** Decoding took longer than the configured decode timeout and was aborted. A server typically answers 503 (or serves the original). */
public final class ImageTimeoutException extends ImageException {
    public ImageTimeoutException(String message) {
        super(message, null);
    }

    public ImageTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
