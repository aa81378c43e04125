package dev.meridian.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Collects every problem in a config so the user sees them all at once, instead of fixing them
 * one reload at a time. The small check helpers keep validation code in the records short.
 */
public final class ConfigErrors {
    private final List<ConfigError> errors = new ArrayList<>();

    public void add(ConfigPath path, String message) {
        errors.add(new ConfigError(path, message));
    }

    public List<ConfigError> list() {
        return List.copyOf(errors);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Records "required" when the value is missing; returns whether it is present. */
    public boolean required(ConfigPath path, Object value) {
        boolean present = value != null && !(value instanceof String s && s.isBlank())
                && !(value instanceof Collection<?> c && c.isEmpty());
        if (!present) {
            add(path, "required");
        }
        return present;
    }

    public <T> void check(ConfigPath path, T value, Predicate<T> ok, String message) {
        if (value != null && !ok.test(value)) {
            add(path, message);
        }
    }

    /** Validates every element of a list, each at its own index. */
    public void each(ConfigPath path, List<? extends Validatable> items) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            Validatable item = items.get(i);
            if (item == null) {
                add(path.index(i), "must not be empty");
            } else {
                item.validate(path.index(i), this);
            }
        }
    }

    /** Validates a nested section if it is present. */
    public void nested(ConfigPath path, Validatable section) {
        if (section != null) {
            section.validate(path, this);
        }
    }
}
