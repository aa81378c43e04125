package dev.meridian.cli;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What this process does on SIGHUP: every action registered, in the order registered, so that the
 * demo reloads its own config first and then passes the hangup on to its child edges. A JVM has one
 * handler per signal; this is it. An action that fails is logged and the next one still runs.
 */
final class Hangup {
    private static final Logger log = LoggerFactory.getLogger(Hangup.class);
    private static final Hangup PROCESS = new Hangup();

    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    @GuardedBy("this")
    private boolean installed;

    /** Runs {@code action} on every SIGHUP this process gets, after the actions registered before it. */
    static void onSignal(Runnable action) {
        PROCESS.add(action);
        PROCESS.install();
    }

    void add(Runnable action) {
        actions.add(action);
    }

    private synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            Signal hup = new Signal("HUP");
            SignalHandler handler = signal -> run();
            if (Signal.handle(hup, handler) == SignalHandler.SIG_IGN) {
                // Ignored since the process started (nohup): the JVM installed nothing. Reset, then install.
                if (!SignalDefaults.restore(SignalDefaults.SIGHUP)) {
                    log.warn("SIGHUP was ignored when this process started (nohup?) and libc cannot reset it:"
                            + " config reload on signal is off");
                    return;
                }
                Signal.handle(hup, handler);
                log.info("SIGHUP was ignored when this process started (nohup?); it reloads the config all the same");
            }
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP is not available here; config reload on signal is off ({})", e.getMessage());
        }
    }

    void run() {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("on SIGHUP: {}", Failures.rootMessage(e), e);
            }
        }
    }
}
