package dev.meridian.cli;

import com.sun.jna.Native;

/**
 * Gives a signal back its default disposition through libc's {@code signal()}. The JVM will not
 * install a handler for SIGHUP, SIGINT or SIGTERM that was ignored when the process started (as under
 * {@code nohup}, and everything started from such a process): {@code Signal.handle} then answers
 * {@code SIG_IGN} and the signal stays ignored. Resetting it first lets {@link Hangup} install its
 * handler all the same, as nginx reloads on SIGHUP under nohup; the process still does not die on a
 * hangup, since the handler is what runs.
 */
final class SignalDefaults {
    static final int SIGHUP = 1;
    private static final long SIG_DFL = 0;
    private static final long SIG_ERR = -1;
    private static final boolean LINKED = link();

    private SignalDefaults() {
    }

    private static boolean link() {
        try {
            Native.register(SignalDefaults.class, "c");
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }

    private static native long signal(int signum, long handler);

    /** Whether {@code signum}'s disposition is now the default (false where libc cannot be reached). */
    static boolean restore(int signum) {
        return LINKED && signal(signum, SIG_DFL) != SIG_ERR;
    }
}
