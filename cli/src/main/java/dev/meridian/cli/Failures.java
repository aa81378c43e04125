package dev.meridian.cli;

/** Turns a startup exception into the one line a user needs (usually the innermost cause). */
final class Failures {
    private Failures() {
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
