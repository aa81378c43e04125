package dev.meridian.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used, with every reason and where each one is. */
public final class ConfigException extends Exception {
    private final String source;
    private final List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super(format(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public String source() {
        return source;
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(String source, List<ConfigError> errors) {
        return errors.stream().map(e -> source + ": " + e)
                .collect(Collectors.joining("\n", "invalid config " + source + " (" + errors.size()
                        + (errors.size() == 1 ? " error)\n" : " errors)\n"), ""));
    }
}
