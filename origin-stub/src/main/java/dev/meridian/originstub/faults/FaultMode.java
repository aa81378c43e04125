package dev.meridian.originstub.faults;

import java.util.Locale;

/** How the origin misbehaves for the paths a rule covers. */
public enum FaultMode {
    /** Answer normally (clears a rule). */
    OK,
    /** Answer normally after a delay. */
    SLOW,
    /** Answer 500 (or the rule's status) with a no-store body. */
    FAIL,
    /** Reset the connection without answering. */
    RESET,
    /** Accept the request and say nothing for a long time (the rule's delay, default ten minutes). */
    HANG,
    /** Declare the full Content-Length, send half the body, close: a lying origin. */
    TRUNCATE,
    /** Send random bytes that are not HTTP, then close. */
    GARBAGE;

    public static FaultMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown fault mode '" + text + "' (ok, slow, fail, reset, hang, truncate, garbage)");
        }
    }
}
