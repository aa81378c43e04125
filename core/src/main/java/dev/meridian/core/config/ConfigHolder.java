package dev.meridian.core.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The running config. Readers take one snapshot per request and use it throughout, so a reload is
 * never seen half-applied; a reload that fails validation leaves the running config untouched.
 */
public final class ConfigHolder {
    private final AtomicReference<MeridianConfig> current;
    private final List<Consumer<MeridianConfig>> listeners = new CopyOnWriteArrayList<>();

    public ConfigHolder(MeridianConfig initial) {
        this.current = new AtomicReference<>(initial);
    }

    public MeridianConfig get() {
        return current.get();
    }

    /** Called after each successful swap with the new config. */
    public void onChange(Consumer<MeridianConfig> listener) {
        listeners.add(listener);
    }

    /** Loads and validates a candidate; swaps it in only if it is entirely valid. */
    public MeridianConfig reload(ConfigSupplier candidate) throws ConfigException {
        MeridianConfig next = candidate.load();
        current.set(next);
        listeners.forEach(l -> l.accept(next));
        return next;
    }

    @FunctionalInterface
    public interface ConfigSupplier {
        MeridianConfig load() throws ConfigException;
    }
}
