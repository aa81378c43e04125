package dev.meridian.console.portal;

/** A request parameter has a value the page does not know (a period or granularity, say): answered 400. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
