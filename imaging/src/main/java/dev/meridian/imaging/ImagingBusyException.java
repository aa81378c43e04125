package dev.meridian.imaging;

/** Every byte of the working-memory budget stayed taken for longer than the decode timeout. A server typically answers 503 with Retry-After (or serves the original). */
public final class ImagingBusyException extends ImageException {
    public ImagingBusyException(String message) {
        super(message, null);
    }

    public ImagingBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
