package dev.meridian.console.usage;

/**
 * A batch the console cannot accept as it is: resending it cannot help, so the node drops it (HTTP 400).
 * The message says what is wrong and where, for the node's log.
 */
public final class InvalidBatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidBatchException(String message) {
        super(message);
    }
}
