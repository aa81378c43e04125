package dev.meridian.console.portal;

/**
 * The URL names something that does not exist for this viewer: another customer's property looks
 * exactly like one that does not exist at all, so a customer learns nothing about others' names.
 */
final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String what) {
        super(what, null, false, false);
    }
}
