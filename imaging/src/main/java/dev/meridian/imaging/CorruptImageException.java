package dev.meridian.imaging;

/** Truncated, malformed, or inconsistent with its own header. A server typically answers 422 (or serves the original). */
public final class CorruptImageException extends ImageException {
    public CorruptImageException(String message) {
        super(message, null);
    }

    public CorruptImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
