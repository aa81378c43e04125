package dev.meridian.imaging;

/**
 * An image Meridian will not render. Each subclass is one answer a server can give:
 * {@link ImageTooLargeException}, {@link CorruptImageException}, {@link UnsupportedImageException},
 * {@link ImageTimeoutException}, {@link ImagingBusyException}.
 */
public abstract class ImageException extends Exception {
    protected ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
